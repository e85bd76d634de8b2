// Progressive enhancement: turns [data-map] containers into Leaflet maps. Without JavaScript or
// without Leaflet the container stays hidden and the page's list of objects is what people use.
(function () {
  "use strict";
  if (!window.L) { return; }
  var STATUS_COLOURS = {
    planned: "#5b6b7f", procurement: "#7a5bb5", in_progress: "#1d6fb8",
    completed: "#1e7b45", suspended: "#b8641d", cancelled: "#8f2d2d"
  };
  function readJSON(id) {
    var el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var points = readJSON(el.dataset.points) || [];
    var outline = readJSON(el.dataset.outline);
    if (!points.length && !outline) { return; }
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 18, attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    if (el.dataset.outlinesUrl && window.fetch) {
      // Boundaries of the region's units under the markers: context even without tiles.
      fetch(el.dataset.outlinesUrl).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          var outlines = L.geoJSON(data, {
            style: { color: "#7d8fa6", weight: 1, fillColor: "#ffffff", fillOpacity: 0.55 },
            onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name, { sticky: true }); }
          }).addTo(map).bringToBack();
          if (el.dataset.fit === "outlines" && data.features.length) { map.fitBounds(outlines.getBounds()); }
        }).catch(function () {});
    }
    var bounds = [];
    if (outline) {
      var layer = L.geoJSON(outline, { style: { color: "#1d4f91", weight: 2, fillOpacity: 0.06 } });
      layer.addTo(map);
      bounds.push(layer.getBounds());
    }
    var urlTemplate = el.dataset.objectUrl;
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: "#fff", fillOpacity: 0.95, className: "object-marker",
        fillColor: STATUS_COLOURS[p.status] || "#333"
      }).addTo(map);
      var link = document.createElement("a");
      link.href = urlTemplate.replace("SLUG", p.slug);
      link.textContent = p.name;
      marker.bindPopup(link);
      bounds.push(L.latLngBounds([[p.lat, p.lon], [p.lat, p.lon]]));
    });
    var all = bounds.reduce(function (acc, b) { return acc ? acc.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }, null);
    if (all) { map.fitBounds(all.pad(0.1), { maxZoom: 13 }); }
    el.classList.add("map-ready");
  });
})();
