/* The form's map: Leaflet from the service's own /vendor/leaflet/ (npm, no CDN), loaded only
 * when a form opens so the first screen does not wait for it on a slow link (the service
 * worker has it cached for offline use).
 *
 * The map only shows and reports taps; the point and the plot corners live in the form's
 * draft. With no basemap configured (or no tiles offline) the map is an empty canvas with
 * the county outline, which is still enough to place a point or tap a plot's corners
 * relative to the GPS position.
 */
import {round} from './geo.js';
var loading = null;
var MEIZHOU = [24.3, 116.1];  // [lat, lon] for Leaflet

export function load(settings) {
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

// The county's (and town's) outline, dashed, never in the way of a tap; the map fits it.
function drawOutlines(L, map, outlines) {
  let bounds = null;
  (outlines || []).forEach(function (geojson) {
    if (!geojson) { return; }
    const layer = L.geoJSON(geojson, {
      interactive: false,
      style: {color: '#37474f', weight: 2, dashArray: '6 4', fill: false}
    }).addTo(map);
    bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
  });
  if (bounds && bounds.isValid()) {
    map.fitBounds(bounds, {padding: [8, 8]});
  } else {
    map.setView(MEIZHOU, 9);
  }
}

function newMap(L, container, settings) {
  const map = L.map(container, {
    doubleClickZoom: false,  // two quick taps are two plot corners, not a zoom
    zoomSnap: 0.5,
    attributionControl: !!settings.basemap_url
  });
  if (settings.basemap_url) {
    L.tileLayer(settings.basemap_url, {attribution: settings.basemap_attribution || '', maxZoom: 19}).addTo(map);
  }
  return map;
}

function showLocation(L, layer, point, accuracy) {
  layer.clearLayers();
  if (!point) { return; }
  if (typeof accuracy === 'number' && accuracy > 0) {
    L.circle(latLng(point), {radius: accuracy, interactive: false, color: '#1565c0', weight: 1,
      fillOpacity: 0.12}).addTo(layer);
  }
  L.circleMarker(latLng(point), {radius: 9, interactive: false, color: '#ffffff', weight: 3,
    fillColor: '#1565c0', fillOpacity: 1}).addTo(layer);
}

function showPlot(L, layer, ring) {
  layer.clearLayers();
  if (!ring || !ring.length) { return; }
  const corners = ring.map(latLng);
  if (corners.length >= 3) {
    L.polygon(corners, {interactive: false, color: '#e65100', weight: 3, fillOpacity: 0.2}).addTo(layer);
  } else if (corners.length === 2) {
    L.polyline(corners, {interactive: false, color: '#e65100', weight: 3}).addTo(layer);
  }
  corners.forEach(function (corner) {
    L.circleMarker(corner, {radius: 6, interactive: false, color: '#ffffff', weight: 2,
      fillColor: '#e65100', fillOpacity: 1}).addTo(layer);
  });
}

// container: an empty element; opts: {settings, outlines: [GeoJSON], onTap([lon, lat])}
export function create(container, opts) {
  const L = window.L;
  const map = newMap(L, container, opts.settings);
  drawOutlines(L, map, opts.outlines);
  map.on('click', function (event) {
    opts.onTap([round(event.latlng.lng), round(event.latlng.lat)]);
  });
  const pointLayer = L.layerGroup().addTo(map);
  const plotLayer = L.layerGroup().addTo(map);
  let centred = false;
  setTimeout(function () { map.invalidateSize(); }, 0);
  return {
    map: map,
    showLocation: function (point, accuracy) { showLocation(L, pointLayer, point, accuracy); },
    showPlot: function (ring) { showPlot(L, plotLayer, ring); },
    // close in on a place once (the first GPS fix or the stored record), not on every change
    centreOn: function (point, zoom) {
      if (!point || centred) { return; }
      centred = true;
      map.setView(latLng(point), zoom || 16);
    },
    destroy: function () { map.remove(); }
  };
}
