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
  function pointMarker(p, url) {
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: 7, weight: 2, color: "#fff", fillOpacity: 0.95, className: "object-marker",
      fillColor: STATUS_COLOURS[p.status] || "#333"
    });
    var link = document.createElement("a");
    link.href = url;
    link.textContent = p.name;
    return marker.bindPopup(link);
  }
  function clusterMarker(map, c) {
    var size = c.count < 100 ? 30 : (c.count < 10000 ? 38 : 46);
    var marker = L.marker([c.lat, c.lon], {
      keyboard: true, title: String(c.count),
      icon: L.divIcon({
        className: "map-cluster", iconSize: [size, size],
        html: "<span>" + (c.count >= 10000 ? Math.round(c.count / 1000) + "k" : c.count) + "</span>"
      })
    });
    // A cluster opens into what it holds: closer, on its centre.
    return marker.on("click", function () {
      map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 18));
    });
  }
  // Many objects: the page holds none, the map asks data-source for what is in view at its zoom
  // (single objects when few, else clusters counted by the server), again after every move.
  function liveLayer(map, source) {
    var layer = L.featureGroup(), timer = null, asked = 0;
    function load() {
      var b = map.getBounds(), n = ++asked;
      var box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(function (v) { return v.toFixed(5); });
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "bbox=" + box.join(",") +
        "&zoom=" + Math.max(0, Math.round(map.getZoom()));
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || n !== asked) { return; }  // a later view was asked for meanwhile
          layer.clearLayers();
          data.objects.forEach(function (p) { layer.addLayer(pointMarker(p, p.url)); });
          data.clusters.forEach(function (c) { layer.addLayer(clusterMarker(map, c)); });
          map.getContainer().dataset.shown = String(data.count);
        }).catch(function () {});
    }
    function later() { clearTimeout(timer); timer = setTimeout(load, 250); }
    // Once the map has its first view: then every move or zoom asks again, once it settles.
    function start() { layer.addTo(map); load(); map.on("moveend zoomend", later); }
    return { start: start };
  }
  document.querySelectorAll("[data-map]").forEach(function (el) {
    var points = readJSON(el.dataset.points) || [];
    var outline = readJSON(el.dataset.outline);
    var source = window.fetch && el.dataset.source;
    var extent = source ? parseBox(el.dataset.extent) : null;
    if (!points.length && !outline && !extent) { return; }
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
      return pointMarker(p, urlTemplate.replace("SLUG", p.slug));
    }));
    var live = extent ? liveLayer(map, source) : null;
    // Where the objects are: the markers', or the box of them all that the page names.
    var spread = points.length ? markers.getBounds() : extent;
    var all = L.latLngBounds([]);
    if (outlineLayer && outlineLayer.getBounds().isValid()) { all.extend(outlineLayer.getBounds()); }
    if (spread) { all.extend(spread); }
    // The map opens on what the page is about: the territory's boundary, else the region the
    // page names (data-focus), else everything; objects elsewhere are one click away.
    if (!all.isValid()) { return; }
    var home = (outlineLayer && outlineLayer.getBounds().isValid() && outlineLayer.getBounds()) ||
      (parseBox(el.dataset.focus) || all).pad(0.05);
    map.fitBounds(home, { maxZoom: 13 });
    if (outlineLayer) { outlineLayer.addTo(map); }
    markers.addTo(map);
    if (live) { live.start(); }
    if (spread && !home.contains(spread) && el.dataset.showAll) {
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
