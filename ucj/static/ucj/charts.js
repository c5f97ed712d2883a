// Charts drawn with the plotly.js bundle the app serves itself. Each <div class="chart"
// data-spec="ID"> takes its traces and layout from the JSON script element with that id
// (no inline script: the CSP allows none). Every chart has a table beside it.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  var base = {
    margin: { t: 40, r: 10, b: 60, l: 60 }, height: 320, paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "rgba(0,0,0,0)",
    legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },  // above: clear of the axis labels
    font: { family: "system-ui, sans-serif", size: 12 },
    separators: ",."  // Indonesian: decimal comma, thousands dot
  };
  document.querySelectorAll(".chart[data-spec]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var layout = Object.assign({}, base, spec.layout || {});
    window.Plotly.newPlot(el, spec.traces, layout, { displayModeBar: false, responsive: true })
      .then(function () { el.setAttribute("data-ready", "1"); });
  });
})();
