/* The form's map: Leaflet from the service's own /vendor/leaflet/ (npm, no CDN), loaded only
 * when a form opens so the first screen does not wait for it on a slow link (the service
 * worker has it cached for offline use).
 *
 * The map only shows and reports taps; the point and the plot corners live in the form's
 * draft. With no basemap configured (or no tiles offline) the map is an empty canvas with
 * the county outline, which is still enough to place a point or tap a plot's corners
 * relative to the GPS position.
 */
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};
  var loading = null;
  var MEIZHOU = [24.3, 116.1];  // [lat, lon] for Leaflet

  function load(settings) {
    if (window.L) { return Promise.resolve(window.L); }
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = settings.leaflet.css;
      document.head.appendChild(css);
      var script = document.createElement('script');
      script.src = settings.leaflet.js;
      script.onload = function () { resolve(window.L); };
      script.onerror = function () { loading = null; reject(new Error('Leaflet did not load')); };
      document.head.appendChild(script);
    });
    return loading;
  }

  function latLng(p) { return [p[1], p[0]]; }

  // container: an empty element; opts: {settings, outlines: [GeoJSON], onTap([lon, lat])}
  function create(container, opts) {
    var L = window.L;
    var settings = opts.settings;
    var map = L.map(container, {
      doubleClickZoom: false,  // two quick taps are two plot corners, not a zoom
      zoomSnap: 0.5,
      attributionControl: !!settings.basemap_url
    });
    if (settings.basemap_url) {
      L.tileLayer(settings.basemap_url, {attribution: settings.basemap_attribution || '', maxZoom: 19}).addTo(map);
    }
    var outlineBounds = null;
    (opts.outlines || []).forEach(function (geojson) {
      if (!geojson) { return; }
      var layer = L.geoJSON(geojson, {
        interactive: false,
        style: {color: '#37474f', weight: 2, dashArray: '6 4', fill: false}
      }).addTo(map);
      outlineBounds = outlineBounds ? outlineBounds.extend(layer.getBounds()) : layer.getBounds();
    });
    if (outlineBounds && outlineBounds.isValid()) {
      map.fitBounds(outlineBounds, {padding: [8, 8]});
    } else {
      map.setView(MEIZHOU, 9);
    }
    map.on('click', function (event) {
      opts.onTap([MZ.geo.round(event.latlng.lng), MZ.geo.round(event.latlng.lat)]);
    });

    var pointLayer = L.layerGroup().addTo(map);
    var plotLayer = L.layerGroup().addTo(map);
    var centred = false;

    function showLocation(point, accuracy) {
      pointLayer.clearLayers();
      if (!point) { return; }
      if (typeof accuracy === 'number' && accuracy > 0) {
        L.circle(latLng(point), {radius: accuracy, interactive: false, color: '#1565c0', weight: 1,
          fillOpacity: 0.12}).addTo(pointLayer);
      }
      L.circleMarker(latLng(point), {radius: 9, interactive: false, color: '#ffffff', weight: 3,
        fillColor: '#1565c0', fillOpacity: 1}).addTo(pointLayer);
    }

    function showPlot(ring) {
      plotLayer.clearLayers();
      if (!ring || !ring.length) { return; }
      var corners = ring.map(latLng);
      if (corners.length >= 3) {
        L.polygon(corners, {interactive: false, color: '#e65100', weight: 3, fillOpacity: 0.2}).addTo(plotLayer);
      } else if (corners.length === 2) {
        L.polyline(corners, {interactive: false, color: '#e65100', weight: 3}).addTo(plotLayer);
      }
      corners.forEach(function (corner) {
        L.circleMarker(corner, {radius: 6, interactive: false, color: '#ffffff', weight: 2,
          fillColor: '#e65100', fillOpacity: 1}).addTo(plotLayer);
      });
    }

    // Close in on a place once (the first GPS fix or the stored record), not on every change.
    function centreOn(point, zoom) {
      if (!point || centred) { return; }
      centred = true;
      map.setView(latLng(point), zoom || 16);
    }

    setTimeout(function () { map.invalidateSize(); }, 0);
    return {
      map: map, showLocation: showLocation, showPlot: showPlot, centreOn: centreOn,
      destroy: function () { map.remove(); }
    };
  }

  MZ.mapview = {load: load, create: create};
})();
