// The dashboard's choropleth map, drawn with the plotly.js bundle the app serves itself.
// Its data comes from a JSON script element (no inline script: the CSP allows none).
(function () {
  "use strict";
  var el = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!el || !source || !window.Plotly) { return; }
  var data = JSON.parse(source.textContent);
  var byStatus = data.mode === "status";
  var narrow = el.clientWidth < 500;  // phones: the legend goes under the map
  var trace = {
    type: "choropleth",
    geojson: data.geojson,
    featureidkey: "properties.code",
    locations: data.codes,
    z: byStatus ? data.status_values : data.values,
    text: data.labels,
    hovertemplate: "%{text}<extra></extra>",
    marker: { line: { color: "#ffffff", width: 1 } },
    colorscale: byStatus
      ? [[0, "#d92d20"], [0.33, "#d92d20"], [0.34, "#f79009"], [0.66, "#f79009"], [0.67, "#12b76a"], [1, "#12b76a"]]
      : [[0, "#f0f9f4"], [1, "#05603a"]],
    zmin: byStatus ? 0 : data.zmin,
    zmax: byStatus ? 2 : data.zmax,
    colorbar: Object.assign(
      byStatus ? { tickvals: [0, 1, 2], ticktext: data.status_names }
               : { title: { text: data.unit }, ticksuffix: "%" },
      { thickness: 12 },
      narrow ? { orientation: "h", x: 0.5, xanchor: "center", y: -0.05, yanchor: "top", len: 0.9 } : {})
  };
  var layout = {
    geo: { fitbounds: "locations", visible: false, bgcolor: "rgba(0,0,0,0)" },
    margin: { t: 0, b: narrow ? 60 : 0, l: 0, r: 0 },
    height: el.clientWidth < 500 ? 300 : 420,
    paper_bgcolor: "rgba(0,0,0,0)",
    dragmode: false
  };
  // No base map is drawn (geo.visible is false), but plotly.js still loads one: an empty
  // topology served by the app stands in for the CDN's world map.
  var config = { displayModeBar: false, responsive: true, scrollZoom: false,
                 topojsonURL: data.topojson_url };
  window.Plotly.newPlot(el, [trace], layout, config)
    .then(function () { el.setAttribute("data-ready", "1"); });
  el.on("plotly_click", function (event) {
    var point = event.points && event.points[0];
    if (point) { window.location.href = data.urls[point.pointIndex]; }
  });
})();
