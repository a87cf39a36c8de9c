/* Calls to the service from the dashboard pages, through the one fetch wrapper of both web
   apps (static/common/request.js), with the session cookie, the page's language (problems
   come worded in it, DESIGN.md section 9) and, on writes, the CSRF token that the sign-in
   handed out, which a page of another site cannot read. A read takes over the request
   early.js started for the same URL. */
import { ProblemError, coded, createClient, messages } from './common.js';
import { config, t } from './config.js';

/** A request the page's head already started for this URL (see page.html), once: the
    first answer of the page then does not wait for every module to download. */
function takeEarly(url) {
  const early = window.MZ_EARLY;
  if (!early) return null;
  const key = early.key(url);
  const request = early.requests[key];
  delete early.requests[key];
  return request || null;
}

const client = createClient({
  language: () => config.lang,
  csrf: () => config.csrf || '',
  fetch: (url, init) => (init.method === 'GET' && takeEarly(url)) || fetch(url, init),
});

/** One call to the service: its JSON, or a ProblemError. options as request.js takes them
    ({body} is sent as JSON; {body, raw: true, contentType} as it is). */
export const request = (method, url, options) => client.request(method, url, options);
export const get = (url) => client.request('GET', url);
export const post = (url, body, headers) => client.request('POST', url, { body, headers });

/** A failure in words: a problem as the service worded it (by its code, should it have
    answered in another language), a network failure, or a page's own check. */
export function problemText(error) {
  if (error.network) return t('error_network');
  return error instanceof ProblemError ? messages.problem(error) || error.message : error.message;
}

/** The same, with the fields it names: "detail — field: what is wrong with it". */
export function problemWithFields(error) {
  const fields = coded(error.invalid_params);
  return [problemText(error)].concat(Object.keys(fields).map((name) =>
    name + ': ' + fields[name].map((item) => messages.describe(item)).join(' '))).join(' — ');
}
