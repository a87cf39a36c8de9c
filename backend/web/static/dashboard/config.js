/* What the server rendered into the page (backend/web/dashboard.py): its language and
   words, the account and what it may do, and every URL the page calls. Reading it here
   saves the first round trips of every load, and no script builds a URL or re-derives a
   rule: a URL with an id is a template ({record_id}) filled by fill(). */

export const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const messages = config.messages;

/** A word of the page in its language; {name} placeholders are filled from params. */
export function t(key, params) {
  const text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    params && params[name] !== undefined && params[name] !== null ? String(params[name]) : whole);
}

/** Has the page a word for this key? (a choice added to the registry later may not) */
export const hasWord = (key) => Object.prototype.hasOwnProperty.call(messages, key);

const numberFormats = {};
/** A number in the page's language, with at most `digits` decimals (exactly, if fixed). */
export function number(value, digits, fixed) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const key = digits + (fixed ? 'f' : '');
  if (!numberFormats[key]) {
    numberFormats[key] = new Intl.NumberFormat(config.lang, {
      maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0,
    });
  }
  return numberFormats[key].format(value);
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  Object.keys(params).forEach((name) => {
    const value = params[name];
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  });
  const text = search.toString();
  return text ? '?' + text : '';
}

/** A URL template of the config with its {name} parts filled (each encoded). */
export function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => encodeURIComponent(String(params[name])));
}

/** The page's language as the service's Accept-Language takes it. */
export const acceptLanguage = config.lang === 'en' ? 'en' : 'zh-CN';
