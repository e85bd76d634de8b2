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
  function parseBox(text) {
    // [[south, west], [north, east]] from a data attribute; null when absent or malformed.
    try { var box = text ? L.latLngBounds(JSON.parse(text)) : null; return box && box.isValid() ? box : null; }
    catch (e) { return null; }
  }
  // "Show all N objects" / "Show the region": refits the map between the region the page is
  // about and every object, when some objects lie outside that region.
  function addRefitControl(map, el, home, all) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var button = L.DomUtil.create("button", "map-refit");
      button.type = "button";
      var showingAll = false;
      function label() { button.textContent = showingAll ? el.dataset.showRegion : el.dataset.showAll; }
      label();
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        showingAll = !showingAll;
        // Without animation: a click during a zoom animation would be dropped by Leaflet.
        map.fitBounds(showingAll ? all.pad(0.1) : home, { maxZoom: 13, animate: false });
        label();
      });
      return button;
    };
    control.addTo(map);
  }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var points = readJSON(el.dataset.points) || [];
    var outline = readJSON(el.dataset.outline);
    if (!points.length && !outline) { return; }
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25 });
    el.leafletMap = map;  // for scripts and tests that ask what the map shows
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 18, attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    // Layers are built first and added once the map has a view: a vector layer added before
    // the view is queued, and drawn before its renderer knows its size when outline and markers
    // share one (the error "reading 'min'" that left maps of territories with objects empty).
    var outlineLayer = outline ?
      L.geoJSON(outline, { style: { color: "#1d4f91", weight: 2, fillOpacity: 0.06 } }) : null;
    var urlTemplate = el.dataset.objectUrl;
    var markers = L.featureGroup(points.map(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: "#fff", fillOpacity: 0.95, className: "object-marker",
        fillColor: STATUS_COLOURS[p.status] || "#333"
      });
      var link = document.createElement("a");
      link.href = urlTemplate.replace("SLUG", p.slug);
      link.textContent = p.name;
      return marker.bindPopup(link);
    }));
    var all = L.latLngBounds([]);
    if (outlineLayer && outlineLayer.getBounds().isValid()) { all.extend(outlineLayer.getBounds()); }
    if (points.length) { all.extend(markers.getBounds()); }
    // The map opens on what the page is about: the territory's boundary, else the region the
    // page names (data-focus), else everything; objects elsewhere are one click away.
    if (!all.isValid()) { return; }
    var home = (outlineLayer && outlineLayer.getBounds().isValid() && outlineLayer.getBounds()) ||
      (parseBox(el.dataset.focus) || all).pad(0.05);
    map.fitBounds(home, { maxZoom: 13 });
    if (outlineLayer) { outlineLayer.addTo(map); }
    markers.addTo(map);
    if (points.length && !home.contains(markers.getBounds()) && el.dataset.showAll) {
      addRefitControl(map, el, home, all);
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
    el.classList.add("map-ready");
  });
})();
