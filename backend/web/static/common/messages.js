/* The server's message catalogue (domain/messages.py) on the page, for both web apps.
 *
 * The API names every problem and every field error by a code with params (a problem's
 * `code`, each `invalid_params` item's `code` and `params`); GET /api/v1/messages serves the
 * words of every code in English and Chinese, and the pages embed that answer so they work
 * offline. Worded here, a message reads exactly as the server would word it, in the
 * language the page shows now (even one chosen after the answer came).
 *
 *   languageOf(tag) → 'en' | 'zh'        'en', 'en-GB' → 'en'; anything else → 'zh'
 *   message(code, params) → {code, params}   a message to word later (the pages' own checks)
 *   coded(invalidParams) → {path: [{code, params, reason}]}   a problem's field errors by path
 *   createMessages(catalogue, options) → {has, text, describe, problem, language}
 *     catalogue: {messages: {code: {en, zh}}, patterns: {name: {en, zh}}}, GET /api/v1/messages
 *     options (all optional):
 *       language() → the page's language now ('en' | 'zh' | 'zh-CN'), default 'zh'
 *       fieldName(name, context) → a value field's name in Chinese, or null (params field, other)
 *       pathName(path, context) → a request-body path in Chinese, or null (param path)
 *       choiceName(code) → a choice's name in Chinese, or null (param choices)
 *       untranslated(text, context) → words for a text without a code (default: the text)
 *     has(code) → is the code in the catalogue
 *     text(code, params, context) → the words, or null when the catalogue has no such code
 *     describe(item, context) → words for {code, params, reason} (an invalid_params item or
 *       message()) or for a plain text; never empty
 *     problem(error) → words for a ProblemError (request.js) or a problem+json document: by
 *       its code and params when it was answered in another language, else its detail
 *     language() → 'en' | 'zh' now
 * `context` is passed through to the naming hooks (the dashboard and the form pass the
 * indicator whose fields are named).
 */

export function languageOf(tag) {
  return /^en/i.test(String(tag || '')) ? 'en' : 'zh';
}

export function message(code, params) {
  return {code: code, params: params || {}};
}

export function coded(invalidParams) {
  const errors = {};
  (invalidParams || []).forEach(function (item) {
    (errors[item.name] = errors[item.name] || []).push({code: item.code, params: item.params, reason: item.reason});
  });
  return errors;
}

// A distance in metres as domain/messages.py distance_text words it.
function distanceText(metres, lang) {
  if (metres === null || metres === undefined) { return lang === 'zh' ? '很远' : 'far'; }
  if (metres < 1000) { return Math.round(metres) + (lang === 'zh' ? ' 米' : ' m'); }
  return (metres / 1000).toFixed(1) + (lang === 'zh' ? ' 公里' : ' km');
}

// Several problems of one field (a plot's parts), worded one by one and joined as the server does.
function joinProblems(texts, lang) {
  if (lang !== 'zh') { return texts.join('; '); }
  return texts.map(function (text) { return text.replace(/。$/, ''); }).join('；') + '。';
}

export function createMessages(catalogue, options) {
  const source = catalogue || {};
  const templates = source.messages || {};
  const patterns = source.patterns || {};
  const opts = options || {};
  const none = function () { return null; };
  const fieldName = opts.fieldName || none;
  const pathName = opts.pathName || none;
  const choiceName = opts.choiceName || none;
  const untranslated = opts.untranslated || function (text) { return text; };

  function language() { return languageOf(opts.language ? opts.language() : 'zh'); }

  // a param as domain/messages.py param_text words it
  function paramText(name, value, lang, context) {
    if (name === 'distance') { return distanceText(value, lang); }
    if (name === 'path' && lang === 'zh') { return pathName(value, context) || String(value); }
    if (Array.isArray(value)) {
      return value.map(function (v) {
        return name === 'choices' && lang === 'zh' ? choiceName(v) || String(v) : String(v);
      }).join(lang === 'zh' ? '、' : ', ');
    }
    if (typeof value === 'number') { return String(value); }
    if ((name === 'field' || name === 'other') && lang === 'zh') {
      return String(value).split(' − ').map(function (n) { return fieldName(n, context) || n; }).join(' − ');
    }
    if (name === 'what' || name === 'shape' || name === 'relation') {
      return patterns[value] ? patterns[value][lang] : String(value);
    }
    return String(value);
  }

  function has(code) { return !!code && Object.prototype.hasOwnProperty.call(templates, code); }

  function text(code, params, context) {
    const lang = language();
    const given = params || {};
    if (Array.isArray(given.problems)) {
      return joinProblems(given.problems.map(function (p) { return describe(p, context); }), lang);
    }
    // a code with several wordings names its wording in params.variant (template_key)
    const key = given.variant ? code + '.' + given.variant : code;
    if (!has(key)) { return null; }
    return templates[key][lang].replace(/\{(\w+)\}/g, function (all, name) {
      if (name === 'distance' && name in given) { return distanceText(given[name], lang); }
      return given[name] === undefined || given[name] === null ? all : paramText(name, given[name], lang, context);
    });
  }

  function describe(item, context) {
    if (typeof item === 'string') { return untranslated(item, context); }
    if (!item || typeof item !== 'object') { return String(item); }
    const params = item.params || {};
    if (Array.isArray(params.problems)) { return text(item.code, params, context); }
    const worded = item.code && item.code !== 'invalid' ? text(item.code, params, context) : null;
    if (worded !== null) { return worded; }
    return untranslated(item.reason || item.code || JSON.stringify(item), context);
  }

  function problem(error) {
    const doc = error && error.problem !== undefined ? error.problem || {} : error || {};
    const detail = doc.detail || doc.title || '';
    const answeredIn = error && error.language ? error.language : null;
    const params = doc.params || {};
    // the detail is the server's own words; by code only when they are in another language
    // (or absent) and the code's words need no params the problem does not carry
    if (doc.code && (!detail || (answeredIn && answeredIn !== language()))) {
      const worded = text(doc.code, params);
      if (worded !== null && !/\{\w+\}/.test(worded)) { return worded; }
    }
    return detail ? untranslated(detail) : '';
  }

  return {has: has, text: text, describe: describe, problem: problem, language: language};
}
