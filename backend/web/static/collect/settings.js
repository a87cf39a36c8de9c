/* What the server hands the page (backend/web/collect.py page_settings, the `mz-settings`
 * JSON in the page): the indicator registry, the message catalogue, limits, and every URL
 * the page calls, so no script writes an address of its own.
 *
 *   settings() → the settings object ({} without a page: the unit tests)
 *   url(name, params) → settings.urls[name] with its {placeholders} filled (URL-encoded)
 *   indicators() → {code: registry entry}
 */
let cached = null;

export function settings() {
  if (cached) { return cached; }
  const el = typeof document === 'undefined' ? null : document.getElementById('mz-settings');
  cached = el ? JSON.parse(el.textContent) : {};
  return cached;
}

export function url(name, params) {
  const template = (settings().urls || {})[name];
  if (!template) { throw new Error('no URL named ' + name + ' in the page settings'); }
  return template.replace(/\{(\w+)\}/g, function (all, key) {
    if (!params || params[key] === undefined || params[key] === null) { throw new Error(name + ' needs ' + key); }
    return encodeURIComponent(String(params[key]));
  });
}

let byCode = null;
export function indicators() {
  if (!byCode) {
    byCode = {};
    (settings().indicators || []).forEach(function (indicator) { byCode[indicator.code] = indicator; });
  }
  return byCode;
}
