/* Building the page without a framework: h() makes elements, text always as text (never
 * innerHTML), so a crop name or a server message can never become markup. */
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};

  // h('button', {class: 'btn', onclick: fn, 'aria-live': 'polite'}, ['text', child, ...])
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name.slice(0, 2) === 'on' && typeof value === 'function') {
        el.addEventListener(name.slice(2), value);
      } else if (name === 'text') {
        el.textContent = value;
      } else if (name === 'value') {
        el.value = value;
      } else if (name === 'checked' || name === 'selected' || name === 'disabled') {
        el[name] = !!value;
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    });
    append(el, children);
    return el;
  }

  function append(el, children) {
    if (children === null || children === undefined || children === false) { return el; }
    if (!Array.isArray(children)) { children = [children]; }
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      if (Array.isArray(child)) { append(el, child); return; }
      el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
    return el;
  }

  function clear(el) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    return el;
  }

  var toastTimer = null;
  // A short message in a polite live region: read out by screen readers, then fades.
  function toast(message, kind) {
    var el = document.getElementById('toast');
    if (!el) { return; }
    el.textContent = message;
    el.className = 'toast show' + (kind ? ' ' + kind : '');
    if (toastTimer) { clearTimeout(toastTimer); }
    toastTimer = setTimeout(function () { el.className = 'toast'; }, 6000);
  }

  var seq = 0;
  function uid(prefix) {
    seq += 1;
    return (prefix || 'id') + '-' + seq;
  }

  MZ.dom = {h: h, append: append, clear: clear, toast: toast, uid: uid};
})();
