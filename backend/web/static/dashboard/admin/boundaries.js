/* A town's boundary: a GeoJSON file previewed on a map (Leaflet), then uploaded. */
import { get, problemWithFields, request } from '../api.js';
import { h } from '../common.js';
import { config, fill, t } from '../config.js';
import { $, say } from './forms.js';

function vertices(value) {
  return Array.isArray(value) ? (typeof value[0] === 'number' ? 1 : value.reduce((n, v) => n + vertices(v), 0)) : 0;
}

/** Reads the chosen file and shows it on the map; the geometry to upload, or null. */
function preview(map) {
  let layer = null;
  return async (file) => {
    if (layer) layer.remove();
    const parsed = JSON.parse(await file.text());
    const geometry = parsed.type === 'FeatureCollection' && parsed.features.length === 1 ? parsed.features[0] : parsed;
    layer = window.L.geoJSON(geometry).addTo(map);
    map.fitBounds(layer.getBounds());
    const shape = geometry.type === 'Feature' ? geometry.geometry : geometry;
    $('boundary-preview-note').textContent = t('boundary_previewed', { vertices: vertices(shape.coordinates) });
    return geometry;
  };
}

export async function boundariesPage() {
  const towns = await get(config.urls.towns);
  const select = $('boundary-town');
  select.replaceChildren(...towns.map((town) => h('option', { value: town.code, text: town.name + ' ' + town.code })));
  const show = preview(window.L.map('boundary-map').setView([24.3, 116.1], 8));
  const button = $('boundary-upload');
  let geometry = null;

  $('boundary-file').addEventListener('change', async (event) => {
    button.disabled = true;
    geometry = null;
    try {
      geometry = await show(event.target.files[0]);
      button.disabled = false;
    } catch (error) {
      $('boundary-preview-note').textContent = t('boundary_bad_file');
    }
  });

  $('boundary-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await request('PUT', fill(config.urls.boundary, { code: select.value }), { body: geometry });
      say($('boundary-message'), t('boundary_saved', { town: select.options[select.selectedIndex].text }));
    } catch (error) {
      say($('boundary-message'), problemWithFields(error), true);
    }
  });
}
