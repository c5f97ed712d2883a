// The charts are drawn on the server as SVG (ucj/reports/webcharts.py); this small script only
// adds what needs a click: a legend entry shows or hides its series (in both drawings of
// the chart, the desktop and the phone one). Tooltips are the SVG's own <title> elements,
// and every chart has its figures in a table, so nothing is lost without it. Before printing,
// the charts' tables (closed <details>) are opened, and closed again after.
(function () {
  "use strict";
  document.querySelectorAll("figure[data-chart] .legend-item").forEach(function (button) {
    button.addEventListener("click", function () {
      var figure = button.closest("figure");
      var shown = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      figure.querySelectorAll('.series[data-series="' + button.getAttribute("data-series") + '"]')
        .forEach(function (series) { series.classList.toggle("is-hidden", !shown); });
    });
  });
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".chart ~ details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
