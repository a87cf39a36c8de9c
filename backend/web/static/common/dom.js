/* Building a page without a framework, for both web apps (/collect and the dashboard).
 *
 *   h(tag, attrs, children) → Element
 *     attrs: {name: value}; null, undefined and false are left out; `on<event>: fn` adds a
 *     listener; `text` sets textContent; `value`, `checked`, `selected`, `disabled` set the
 *     property; `className` sets the class; anything else is an attribute (true → "").
 *     children: a child, or an array of children (nested arrays allowed); null, undefined
 *     and false are skipped; a string or number becomes a text node.
 *   append(el, children) → el      the children as h() takes them
 *   clear(el) → el                 every child removed
 *
 * Text is always text (textContent, text nodes), never innerHTML: a crop name, a town or a
 * server message can never become markup.
 */

const PROPERTIES = ['checked', 'selected', 'disabled'];

function isListener(name, value) {
  return name.slice(0, 2) === 'on' && typeof value === 'function';
}

function setAttribute(el, name, value) {
  if (isListener(name, value)) {
    el.addEventListener(name.slice(2), value);
  } else if (name === 'text') {
    el.textContent = value;
  } else if (name === 'className') {
    el.className = value;
  } else if (name === 'value') {
    el.value = value;
  } else if (PROPERTIES.indexOf(name) >= 0) {
    el[name] = !!value;
  } else {
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

export function h(tag, attrs, children) {
  const el = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    const value = attrs[name];
    if (value === null || value === undefined || value === false) { return; }
    setAttribute(el, name, value);
  });
  append(el, children);
  return el;
}

export function append(el, children) {
  if (children === null || children === undefined || children === false) { return el; }
  const list = Array.isArray(children) ? children : [children];
  list.forEach(function (child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { append(el, child); return; }
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  });
  return el;
}

export function clear(el) {
  while (el.firstChild) { el.removeChild(el.firstChild); }
  return el;
}
