/* The form's location (GPS or a point picked on the map) and its map: Leaflet, loaded when
 * the form opens; a tap sets the location or adds a plot corner (form.tapMode).
 */
import {h, uid} from '../dom.js';
import {currentLocation} from '../form.js';
import {round} from '../geo.js';
import {t} from '../i18n.js';
import {create as createMap, load as loadMap} from '../mapview.js';
import {errorEl} from './errors.js';

export function round1(x) { return Math.round(x * 10) / 10; }

function locate(form, parts) {
  const draft = form.draft;
  if (!navigator.geolocation) { parts.warn.hidden = false; parts.warn.textContent = t('gps_unavailable'); return; }
  parts.button.disabled = true;
  parts.status.textContent = t('locating');
  navigator.geolocation.getCurrentPosition(function (position) {
    parts.button.disabled = false;
    draft.location = [round(position.coords.longitude), round(position.coords.latitude)];
    draft.accuracy_m = round1(position.coords.accuracy);
    draft.location_source = 'gps';
    if (form.view) { form.view.centreOn(draft.location, 17); }
    form.edited('location');
  }, function (error) {
    parts.button.disabled = false;
    parts.warn.hidden = false;
    parts.warn.textContent = t('gps_error', {msg: error.message || error.code});
    form.showLocation();
  }, {enableHighAccuracy: true, timeout: 30000, maximumAge: 0});
}

function statusText(draft, point) {
  const params = point ? {lon: point[0].toFixed(6), lat: point[1].toFixed(6), acc: draft.accuracy_m} : null;
  if (!point) { return t('no_location'); }
  if (draft.location_source === 'gps') { return t('gps_fix', params); }
  if (draft.location_source === 'plot' || !draft.location) { return t('plot_point', params); }
  return t('map_point', params);
}

// The location fieldset; sets form.showLocation(), which redraws it from the draft.
export function locationBlock(form) {
  const parts = {
    status: h('p', {class: 'loc-status', 'aria-live': 'polite'}),
    warn: h('p', {class: 'warn', role: 'alert', hidden: true})
  };
  parts.button = h('button', {type: 'button', class: 'btn', onclick: function () { locate(form, parts); }}, t('use_gps'));
  const warnAt = form.settings.gps_warn_accuracy_m;
  form.showLocation = function () {
    const draft = form.draft;
    const point = currentLocation(draft);
    parts.status.textContent = statusText(draft, point);
    const poor = draft.location_source === 'gps' && draft.accuracy_m > warnAt;
    parts.warn.hidden = !poor;
    if (poor) { parts.warn.textContent = t('gps_warn', {acc: draft.accuracy_m, max: warnAt}); }
    if (form.view) { form.view.showLocation(point, draft.location_source === 'gps' ? draft.accuracy_m : null); }
  };
  return h('fieldset', {class: 'location'}, [
    h('legend', null, t('location_legend')), parts.status, parts.warn, parts.button, errorEl(form, 'location')]);
}

function onTap(form, point) {
  const draft = form.draft;
  if (form.tapMode === 'plot') {
    draft.plot = (draft.plot || []).concat([point]);
    draft.geometry_raw = null;
    form.plotChanged();
  } else {
    draft.location = point;
    draft.accuracy_m = null;
    draft.location_source = 'map';
    form.edited('location');
  }
}

// For a plot indicator: whether a tap places the point or adds a corner.
function modeBlock(form) {
  if (!form.indicator.expects_plot) { return null; }
  const name = uid('mode');
  return h('div', {class: 'segmented', role: 'radiogroup', 'aria-label': t('tap_mode')}, [
    h('span', {class: 'label'}, t('tap_mode')),
    ['point', 'plot'].map(function (mode) {
      const id = uid('mode');
      return h('span', {class: 'seg'}, [
        h('input', {type: 'radio', name: name, id: id, value: mode, checked: form.tapMode === mode,
          onchange: function () { form.tapMode = mode; }}),
        h('label', {for: id}, t(mode === 'point' ? 'mode_point' : 'mode_plot'))]);
    })]);
}

// The map block; the map itself appears once Leaflet has loaded (form.view).
export function mapBlock(form) {
  const mapEl = h('div', {class: 'map', role: 'region', 'aria-label': t('map_label')});
  const note = h('p', {class: 'hint'}, form.settings.basemap_url ? '' : t('map_no_basemap'));
  loadMap(form.settings).then(function () {
    if (!mapEl.isConnected) { return; }  // the officer left the form meanwhile
    form.view = createMap(mapEl, {settings: form.settings, outlines: form.context.outlines || [],
      onTap: function (point) { onTap(form, point); }});
    const start = currentLocation(form.draft) || (form.draft.plot && form.draft.plot[0]);
    if (start) { form.view.centreOn(start, 17); }
    form.showLocation();
    form.view.showPlot(form.draft.plot);
  }, function () {
    note.textContent = t('map_unavailable');
    mapEl.hidden = true;
  });
  return h('div', {class: 'map-block'}, [modeBlock(form), mapEl, note]);
}
