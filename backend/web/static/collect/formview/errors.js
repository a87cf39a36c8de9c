/* The form's messages: an element per path that can be wrong, inputs marked aria-invalid,
 * and a message for a path with no element of its own shown at its nearest parent's (or,
 * with none, at the top of the form).
 *
 * `form` is the open form's shared state (index.js): errorEls {path → <p>}, inputsFor
 * {path → [inputs]}, indicator, formErrors (the box at the top).
 */
import {clear, h, uid} from '../dom.js';
import {describe, pathLabel} from '../i18n.js';

// The element that shows the messages for `path`, registered with the form.
export function errorEl(form, path) {
  const el = h('p', {class: 'error', id: uid('err'), 'data-path': path, hidden: true});
  form.errorEls[path] = el;
  return el;
}

// An input is described by its error element (and hint), and marked when its path is wrong.
export function describeInput(form, input, path, hintEl) {
  const ids = [form.errorEls[path] ? form.errorEls[path].id : null, hintEl ? hintEl.id : null].filter(Boolean);
  if (ids.length) { input.setAttribute('aria-describedby', ids.join(' ')); }
  (form.inputsFor[path] = form.inputsFor[path] || []).push(input);
}

// which element shows a message for this path: the field's own, or the nearest parent's
export function target(form, path) {
  let p = path;
  while (p) {
    if (form.errorEls[p]) { return p; }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  if (path.indexOf('geometry') === 0 && form.errorEls.location) { return 'location'; }
  return null;
}

function reset(form) {
  Object.keys(form.errorEls).forEach(function (path) {
    form.errorEls[path].hidden = true;
    form.errorEls[path].textContent = '';
  });
  Object.keys(form.inputsFor).forEach(function (path) {
    form.inputsFor[path].forEach(function (input) { input.removeAttribute('aria-invalid'); });
  });
}

// errors: {path: [message]} → shown beside their fields; returns the lines with no field
function place(form, errors) {
  const loose = [];
  Object.keys(errors).forEach(function (path) {
    const messages = [].concat(errors[path]).map(function (m) { return describe(m, form.indicator); });
    const key = target(form, path);
    if (!key) { loose.push(pathLabel(form.indicator, path) + '：' + messages.join(' ')); return; }
    const el = form.errorEls[key];
    const prefix = key !== path && path.indexOf('values.') === 0 ? pathLabel(form.indicator, path) + '：' : '';
    el.textContent = (el.textContent ? el.textContent + ' ' : '') + prefix + messages.join(' ');
    el.hidden = false;
    (form.inputsFor[key] || []).forEach(function (input) { input.setAttribute('aria-invalid', 'true'); });
  });
  return loose;
}

export function showErrors(form, errors) {
  reset(form);
  const loose = place(form, errors);
  form.formErrors.hidden = loose.length === 0;
  clear(form.formErrors);
  loose.forEach(function (line) { form.formErrors.appendChild(h('p', null, line)); });
}

// What to show now: the rules' messages for what was touched (everything after a save
// attempt), then the server's for paths the rules say nothing about.
export function visibleErrors(form, errors) {
  const st = form.st;
  const shown = {};
  Object.keys(errors).forEach(function (path) {
    if (st.submitted || st.touched[path] || st.touched[target(form, path) || path]) { shown[path] = errors[path]; }
  });
  Object.keys(st.serverErrors).forEach(function (path) {
    if (!shown[path]) { shown[path] = st.serverErrors[path]; }
  });
  return shown;
}
