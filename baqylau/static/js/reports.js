// Progressive enhancement of the problem-report pages. Without JavaScript (or without Leaflet)
// the maps stay hidden: the report form takes latitude and longitude as typed, and the list of
// reports is what people read.
(function () {
  "use strict";
  if (!window.L) { return; }
  var KAZAKHSTAN = [[40.5, 46.5], [55.5, 87.5]];
  var STATUS_COLOURS = {
    open: "#b8641d", acknowledged: "#1d6fb8", in_progress: "#1d6fb8",
    done: "#1e7b45", fixed: "#1e7b45", rejected: "#8f2d2d"
  };

  function baseMap(el) {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    if (el.dataset.outlinesUrl && window.fetch) {
      fetch(el.dataset.outlinesUrl).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          L.geoJSON(data, {
            style: { color: "#7d8fa6", weight: 1, fillColor: "#ffffff", fillOpacity: 0.4 },
            interactive: false
          }).addTo(map).bringToBack();
        }).catch(function () {});
    }
    return map;
  }

  // The report form: tap the map, the latitude and longitude fields fill in.
  document.querySelectorAll("[data-pick-map]").forEach(function (el) {
    var lat = document.getElementById("id_" + el.dataset.lat);
    var lon = document.getElementById("id_" + el.dataset.lon);
    if (!lat || !lon) { return; }
    var map = baseMap(el);
    var hint = el.parentNode.querySelector(".pick-hint");
    if (hint) { hint.hidden = false; }
    var marker = null;
    function place(latlng, zoom) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      if (zoom) { map.setView(latlng, zoom); }
    }
    if (lat.value && lon.value) {
      place([parseFloat(lat.value), parseFloat(lon.value)], 15);
    } else {
      map.fitBounds(KAZAKHSTAN);
    }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng);
    });
  });

  // The list: the filtered reports as clustered markers, from the compact map data.
  document.querySelectorAll("[data-report-map]").forEach(function (el) {
    if (!window.fetch) { return; }
    fetch(el.dataset.url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data || !data.reports.length) { return; }
      var map = baseMap(el);
      var layer = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 50 }) : L.featureGroup();
      data.reports.forEach(function (row) {
        var marker = L.circleMarker([row[1], row[2]], {
          radius: 7, weight: 2, color: "#fff", fillOpacity: 0.95, fillColor: STATUS_COLOURS[row[4]] || "#333"
        });
        var link = document.createElement("a");
        link.href = el.dataset.reportUrl.replace("/0/", "/" + row[0] + "/");
        link.textContent = "№ " + row[0] + " · " + (data.categories[row[3]] || row[3]);
        marker.bindPopup(link);
        layer.addLayer(marker);
      });
      layer.addTo(map);
      map.fitBounds(layer.getBounds().pad(0.1), { maxZoom: 14 });
    }).catch(function () {});
  });
})();
