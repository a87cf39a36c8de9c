/* Calls to the service from the dashboard pages, with the session cookie: reads take over
   the requests early.js started for the same URL; writes carry the CSRF token that the
   sign-in handed out, which a page of another site cannot read. */
import { acceptLanguage, config, t } from './config.js';

/** An error from the service, carrying its problem+json document. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || t('error_network'));
    this.status = status;
    this.problem = problem;
  }
}

/** A request the page's head already started for this URL (see page.html), once: the
    first answer of the page then does not wait for every script to download. */
function takeEarly(url) {
  const early = window.MZ_EARLY;
  if (!early) return null;
  const key = early.key(url);
  const request = early.requests[key];
  delete early.requests[key];
  return request || null;
}

/** The answer's JSON, or an ApiError with its problem. */
async function answer(response) {
  if (response.status === 204) return null;
  let data;
  try { data = await response.json(); } catch (error) { data = null; }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** One call to the service. `json` is sent as JSON; `body` as it is, with `type` as its
    Content-Type (none for a FormData: the browser writes its boundary). Problems come
    worded in the page's language (DESIGN.md section 9). */
export async function request(method, url, { json, body, type, headers: extra } = {}) {
  const headers = Object.assign({ Accept: 'application/json', 'Accept-Language': acceptLanguage }, extra || {});
  if (method !== 'GET') headers['X-CSRF-Token'] = config.csrf || '';
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  else if (type) headers['Content-Type'] = type;
  let response;
  try {
    const early = method === 'GET' ? takeEarly(url) : null;
    response = await (early || fetch(url, {
      method, headers, credentials: 'same-origin', body: json !== undefined ? JSON.stringify(json) : body,
    }));
  } catch (error) {
    throw new ApiError(0, null);
  }
  return answer(response);
}

export const get = (url) => request('GET', url);
export const post = (url, json, headers) => request('POST', url, { json, headers });
