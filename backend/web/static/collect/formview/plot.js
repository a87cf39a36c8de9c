/* The plot of a plot indicator: corners tapped on the map or walked with the phone's
 * location, its area live in mu, and the declared area filled from it until the officer
 * types a figure of their own.
 */
import {h} from '../dom.js';
import {areaMu, distanceM, round} from '../geo.js';
import {fieldLabel, t} from '../i18n.js';
import {errorEl} from './errors.js';
import {round1} from './location.js';

const WALK_STEP_M = 3;  // a walked point closer than this to the last one adds nothing

function plotArea(draft) {
  return draft.plot && draft.plot.length >= 3 ? areaMu(draft.plot) : 0;
}

// The field the plot's area goes to: the indicator's first quantity in mu, if any.
export function areaFieldOf(indicator) {
  for (let i = 0; i < indicator.fields.length; i++) {
    const f = indicator.fields[i];
    if (f.kind === 'quantity' && f.unit === 'mu') { return f; }
  }
  return null;
}

function fillArea(form) {
  const draft = form.draft;
  if (!form.areaField || !draft.plot || draft.plot.length < 3) { return; }
  const value = String(Math.round(plotArea(draft) * 100) / 100);
  draft.values[form.areaField.name] = value;
  if (form.areaInput) { form.areaInput.value = value; }
  form.autoArea = true;
  form.st.touched['values.' + form.areaField.name] = true;
}

function plotChanged(form) {
  const draft = form.draft;
  // an empty area field follows the plot until the officer types a figure of their own
  if (form.areaField && (form.autoArea || !draft.values[form.areaField.name])) { fillArea(form); }
  form.edited('geometry');
  if (!draft.location || draft.location_source === 'plot') { form.edited('location'); }
}

function walkStep(form, walk, position) {
  const draft = form.draft;
  const acc = round1(position.coords.accuracy);
  walk.status.textContent = t('walking', {n: draft.plot ? draft.plot.length : 0, acc: acc});
  if (acc > form.settings.gps_warn_accuracy_m) { return; }  // a poor fix would bend the boundary: skip it
  const point = [round(position.coords.longitude), round(position.coords.latitude)];
  const last = draft.plot && draft.plot[draft.plot.length - 1];
  if (last && distanceM(last, point) < WALK_STEP_M) { return; }
  draft.plot = (draft.plot || []).concat([point]);
  draft.geometry_raw = null;
  if (form.view) { form.view.centreOn(point, 17); }
  walk.status.textContent = t('walking', {n: draft.plot.length, acc: acc});
  plotChanged(form);
}

function startWalk(form, walk) {
  if (!navigator.geolocation) { walk.status.textContent = t('gps_unavailable'); return; }
  walk.button.textContent = t('walk_stop');
  walk.button.setAttribute('aria-pressed', 'true');
  walk.watch = navigator.geolocation.watchPosition(function (position) { walkStep(form, walk, position); },
    function (error) { walk.status.textContent = t('gps_error', {msg: error.message || error.code}); },
    {enableHighAccuracy: true, maximumAge: 0, timeout: 60000});
}

function stopWalk(walk) {
  if (walk.watch !== null) { navigator.geolocation.clearWatch(walk.watch); }
  walk.watch = null;
  walk.button.textContent = t('walk_start');
  walk.button.setAttribute('aria-pressed', 'false');
}

function editButtons(form) {
  const draft = form.draft;
  return h('div', {class: 'row'}, [
    h('button', {type: 'button', class: 'btn secondary', onclick: function () {
      if (draft.plot && draft.plot.length) { draft.plot = draft.plot.slice(0, -1); form.plotChanged(); }
    }}, t('plot_undo')),
    h('button', {type: 'button', class: 'btn secondary', onclick: function () {
      draft.plot = null; draft.geometry_raw = null; form.plotChanged();
    }}, t('plot_clear'))]);
}

// The plot fieldset (null for an indicator without plots). Sets on the form: plotChanged(),
// showPlot() (redraws area and map from the draft) and stopWalk().
export function plotBlock(form) {
  form.plotChanged = function () { plotChanged(form); };
  const walk = {watch: null, status: h('p', {class: 'hint', 'aria-live': 'polite'})};
  walk.button = h('button', {type: 'button', class: 'btn', onclick: function () {
    if (walk.watch !== null) { stopWalk(walk); } else { startWalk(form, walk); }
  }}, t('walk_start'));
  form.stopWalk = function () { stopWalk(walk); };
  if (!form.indicator.expects_plot) { form.showPlot = function () {}; return null; }
  const areaText = h('p', {class: 'area', 'aria-live': 'polite'});
  form.showPlot = function () {
    const n = form.draft.plot ? form.draft.plot.length : 0;
    areaText.textContent = n ? t('plot_area', {mu: plotArea(form.draft).toFixed(2), n: n}) : t('plot_none');
    if (form.view) { form.view.showPlot(form.draft.plot); }
  };
  const fill = form.areaField ? h('button', {type: 'button', class: 'btn secondary', onclick: function () { fillArea(form); }},
    t('use_plot_area', {field: fieldLabel(form.indicator, form.areaField.name)})) : null;
  return h('fieldset', {class: 'plot'}, [
    h('legend', null, t('plot_legend')), h('p', {class: 'hint'}, t('plot_hint')), areaText,
    editButtons(form), walk.button, walk.status, fill, errorEl(form, 'geometry')]);
}
