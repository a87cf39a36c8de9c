/* The form screen: one indicator's fields (fields.js), the location (GPS or map,
 * location.js) and, for plot records, the plot drawn by tapping corners or walking the
 * boundary, with its area live in mu (plot.js); photos come from photos.js.
 *
 * Every input updates the draft; every change re-checks the draft with the API's rules
 * (form.js) and shows the messages beside the fields they concern (errors.js), once a field
 * has been touched (all of them after a first save attempt). Messages the server sent back
 * for a queued record are shown the same way until the field they are about is edited.
 *
 * The parts share one object, `form`: the draft and its display state, the elements that
 * show messages, the map once loaded, and the redraw functions each part sets on it.
 *
 *   open(container, opts) → {destroy(), showErrors(errors)}
 *     opts: {indicator, draft, mode: new|edit|fix, recordId, state: {touched, submitted,
 *            serverErrors}, context, settings, photos (an element), onSave(payload, draft)
 *            → Promise, onCancel()}
 */
import {clear, h, toast} from '../dom.js';
import {check} from '../form.js';
import {currentLang, indicatorName, t} from '../i18n.js';
import {showErrors, visibleErrors} from './errors.js';
import {dateBlock, noteBlock, townBlock, valueBlocks} from './fields.js';
import {locationBlock, mapBlock} from './location.js';
import {areaFieldOf, plotBlock} from './plot.js';

function createForm(opts) {
  // what has been touched, whether saving was tried, what the server said: kept by the app
  // with the draft, so switching the language redraws the form as it was
  const st = opts.state || {};
  st.touched = st.touched || {};
  st.serverErrors = st.serverErrors || {};
  const form = {
    indicator: opts.indicator, draft: opts.draft, settings: opts.settings, context: opts.context || {}, st: st,
    errorEls: {}, inputsFor: {}, view: null, tapMode: opts.indicator.expects_plot ? 'plot' : 'point',
    areaField: areaFieldOf(opts.indicator), areaInput: null, autoArea: false
  };
  form.refresh = function () {
    form.showLocation();
    form.showPlot();
    const result = check(form.indicator, form.draft);
    showErrors(form, visibleErrors(form, result.errors));
    return result;
  };
  // any edit: the draft changed, its server messages for that path are outdated
  form.edited = function (path) {
    st.touched[path] = true;
    Object.keys(st.serverErrors).forEach(function (p) {
      if (p === path || p.indexOf(path + '.') === 0 || p.indexOf(path + '[') === 0) { delete st.serverErrors[p]; }
    });
    form.refresh();
  };
  return form;
}

function title(opts) {
  const name = indicatorName(opts.indicator);
  if (opts.mode === 'fix') { return t('form_fix', {id: opts.recordId, name: name}); }
  return t(opts.mode === 'edit' ? 'form_edit' : 'form_new', {name: name});
}

function submit(form, opts, event) {
  event.preventDefault();
  form.st.submitted = true;
  const result = form.refresh();
  const count = Object.keys(result.errors).length;
  if (count) {
    toast(t('fix_errors', {n: count}), 'bad');
    const first = form.element.querySelector('[aria-invalid="true"]');
    if (first) { first.focus(); }
    return;
  }
  form.saveButton.disabled = true;
  form.stopWalk();
  Promise.resolve(opts.onSave(result.payload, form.draft)).then(function (outcome) {
    form.saveButton.disabled = false;
    if (outcome && outcome.errors) {  // the server refused a correction: show why, here
      form.st.serverErrors = outcome.errors;
      form.refresh();
    }
  }, function (error) {
    form.saveButton.disabled = false;
    toast(String(error && error.message || error), 'bad');
  });
}

function formElement(form, opts) {
  form.formErrors = h('div', {class: 'form-errors', role: 'alert', hidden: true});
  form.saveButton = h('button', {type: 'submit', class: 'btn primary'}, t(opts.mode === 'fix' ? 'save_fix' : 'save'));
  const values = valueBlocks(form);
  form.element = h('form', {class: 'record-form', novalidate: true, onsubmit: function (event) { submit(form, opts, event); }}, [
    form.formErrors, townBlock(form), dateBlock(form),
    h('fieldset', {class: 'values'}, [h('legend', null, t('values_legend'))].concat(values)),
    locationBlock(form), mapBlock(form), plotBlock(form), opts.photos || null, noteBlock(form),
    h('div', {class: 'actions'}, [form.saveButton,
      h('button', {type: 'button', class: 'btn secondary', onclick: opts.onCancel}, t('cancel'))])
  ]);
  return form.element;
}

export function open(container, opts) {
  const form = createForm(opts);
  const screen = h('section', {class: 'screen form-screen', 'aria-labelledby': 'screen-title'}, [
    h('h2', {id: 'screen-title', tabindex: '-1'}, title(opts)),
    currentLang() === 'zh' ? h('p', {class: 'subtitle', lang: 'en'}, opts.indicator.name_en) : null,
    formElement(form, opts)]);
  clear(container).appendChild(screen);
  form.refresh();
  return {
    destroy: function () {
      form.stopWalk();
      if (form.view) { form.view.destroy(); form.view = null; }
    },
    showErrors: function (errors) { form.st.serverErrors = errors || {}; form.refresh(); }
  };
}
