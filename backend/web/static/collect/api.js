/* Talking to the service: calls through common/request.js with the page's language, and
 * the web session.
 *
 * Sign-in is the session cookie of /web/session: HTTP-only, so page script never holds a
 * credential. Writes echo the CSRF token that sign-in hands out; it is kept in memory only
 * and fetched again (GET /web/session) after a reload. Every URL comes from the settings.
 *
 *   api(method, url, body, options) → Promise<{ok, status, data, network?}> (never rejects)
 *   write(method, url, body, options)  the same with the CSRF token, read first if need be
 *   problem(result) → words for a failed call, in the page's language
 *   readSession(), signIn(username, password), signOut() → results as api() gives them;
 *     an ok session's data: {user, csrf, capabilities}
 */
import {createClient, problemError} from '../common/request.js';
import {currentLang, problemText, t} from './i18n.js';
import {url} from './settings.js';

let csrf = null;  // memory only, on purpose

const client = createClient({language: currentLang, csrf: function () { return csrf; }, cache: 'no-store'});

// options: {contentType, headers, timeout, raw}; a time limit always (a request hanging on a
// dead link must not block the queue)
export function api(method, path, body, options) {
  return client.send(method, path, Object.assign({body: body}, options || {}));
}

export function problem(result) {
  if (result.network) { return t('network_error'); }
  return problemText(problemError(result)) || t('unknown_error', {status: result.status});
}

// ---- session --------------------------------------------------------------------------

export function readSession() {
  return api('GET', url('session')).then(function (result) {
    csrf = result.ok ? result.data.csrf : null;
    return result;
  });
}

export function signIn(username, password) {
  return api('POST', url('session'), {username: username, password: password}).then(function (result) {
    if (result.ok) { csrf = result.data.csrf; }
    return result;
  });
}

function deleteSession() {
  return api('DELETE', url('session')).then(function (result) {
    if (result.status === 403) {  // stale CSRF token: read it again and retry once
      return readSession().then(function (session) {
        return session.ok ? api('DELETE', url('session')) : {ok: true, status: 204};
      });
    }
    return result;
  });
}

export function signOut() {
  return deleteSession().then(function (result) {
    // 401: the server session was over already; either way the cookie is gone now
    if (result.ok || result.status === 401) { csrf = null; }
    return result;
  });
}

function csrfRefused(result) {
  const data = result.data || {};
  return result.status === 403 && (data.code === 'csrf_failed' || /X-CSRF-Token/.test(data.detail || ''));
}

// A write with the CSRF token, reading the session first when the page has none yet.
export function write(method, path, body, options) {
  const ready = csrf ? Promise.resolve({ok: true}) : readSession();
  return ready.then(function (session) {
    if (!session.ok) { return session; }
    return api(method, path, body, options).then(function (result) {
      if (!csrfRefused(result)) { return result; }
      return readSession().then(function (again) {
        return again.ok ? api(method, path, body, options) : again;
      });
    });
  });
}
