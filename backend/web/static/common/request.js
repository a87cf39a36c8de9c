/* One way to call the service, for both web apps (/collect and the dashboard).
 *
 *   send(method, url, options) → Promise<{ok, status, data, language, network?, error?}>
 *     Never rejects: a network failure or a timeout is {ok: false, status: 0, network: true}.
 *     data: the JSON body (a problem+json document when !ok), or null (204, empty, not JSON);
 *     language: the answer's Content-Language ('en' | 'zh' | null).
 *   request(method, url, options) → Promise<data>
 *     The same call; rejects with a ProblemError unless the answer is 2xx.
 *   createClient(defaults) → {send, request}
 *     The same two with defaults merged under each call's options; a default may be a
 *     function, read at every call (a CSRF token or a language that changes).
 *   problemError(result) → ProblemError      a send() result that is not ok, as an error
 *   class ProblemError extends Error
 *     {status, code, title, detail, invalid_params (array), problem (the document or null),
 *      network (true when no answer came), language}; message: detail, else title.
 *
 * options: {body (sent as JSON unless raw), raw (send body as it is: a Blob, a FormData,
 *   whose Content-Type, with its multipart boundary, the browser writes), contentType,
 *   headers, language ('en' | 'zh' | 'zh-CN': Accept-Language, the server words its problems
 *   in it), csrf (X-CSRF-Token on every method but GET), bearer (Authorization: Bearer),
 *   timeout (ms, default 60000), cache (fetch's cache mode), fetch (a stand-in, for tests)}.
 * Cookies go along (credentials: same-origin): the web pages sign in with the session cookie.
 */

export class ProblemError extends Error {
  constructor(status, problem, extra) {
    const doc = problem && typeof problem === 'object' ? problem : null;
    super((doc && (doc.detail || doc.title)) || (status ? 'HTTP ' + status : 'network error'));
    this.name = 'ProblemError';
    this.status = status;
    this.problem = doc;
    this.code = doc && doc.code ? doc.code : null;
    this.title = doc && doc.title ? doc.title : null;
    this.detail = doc && doc.detail ? doc.detail : null;
    this.invalid_params = doc && Array.isArray(doc.invalid_params) ? doc.invalid_params : [];
    this.network = !!(extra && extra.network);
    this.language = extra && extra.language ? extra.language : null;
  }
}

export function problemError(result) {
  return new ProblemError(result.status, result.data, {network: result.network, language: result.language});
}

function valueOf(option) {
  return typeof option === 'function' ? option() : option;
}

function headersFor(method, options) {
  const headers = {'Accept': 'application/json'};
  const language = valueOf(options.language);
  if (language) { headers['Accept-Language'] = /^en/i.test(language) ? 'en' : 'zh-CN'; }
  const formData = typeof FormData === 'function' && options.body instanceof FormData;
  if (options.body !== undefined && !formData) { headers['Content-Type'] = options.contentType || 'application/json'; }
  const csrf = valueOf(options.csrf);
  if (method !== 'GET' && csrf) { headers['X-CSRF-Token'] = csrf; }
  const bearer = valueOf(options.bearer);
  if (bearer) { headers['Authorization'] = 'Bearer ' + bearer; }
  Object.keys(options.headers || {}).forEach(function (name) { headers[name] = options.headers[name]; });
  return headers;
}

function answerLanguage(response) {
  const header = response.headers && response.headers.get ? response.headers.get('Content-Language') : null;
  if (!header) { return null; }
  return /^en/i.test(header) ? 'en' : 'zh';
}

function read(response) {
  return response.text().then(function (text) {
    let data;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    return {ok: response.ok, status: response.status, data: data, language: answerLanguage(response)};
  });
}

export function send(method, url, options) {
  options = options || {};
  const run = options.fetch || fetch;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(function () { controller.abort(); }, options.timeout || 60000) : null;
  const body = options.body === undefined ? undefined : options.raw ? options.body : JSON.stringify(options.body);
  const init = {method: method, headers: headersFor(method, options), credentials: 'same-origin', body: body,
    signal: controller ? controller.signal : undefined};
  if (options.cache) { init.cache = options.cache; }
  return Promise.resolve().then(function () { return run(url, init); }).then(read, function (error) {
    return {ok: false, status: 0, network: true, data: null, language: null, error: error};
  }).then(function (result) {
    if (timer) { clearTimeout(timer); }
    return result;
  });
}

export function request(method, url, options) {
  return send(method, url, options).then(function (result) {
    if (!result.ok) { throw problemError(result); }
    return result.data;
  });
}

export function createClient(defaults) {
  const merged = function (options) { return Object.assign({}, defaults, options || {}); };
  return {
    send: function (method, url, options) { return send(method, url, merged(options)); },
    request: function (method, url, options) { return request(method, url, merged(options)); }
  };
}
