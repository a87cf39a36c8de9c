/* Shared helpers of the dashboard pages: the page's configuration, its words, and calls
   to the service. Plain ES2017 scripts sharing one namespace, MZ, so the pages need no
   build step and load nothing but files the service serves itself. */
'use strict';
window.MZ = window.MZ || {};

(function (MZ) {
  // The server renders the configuration (language, unit, URLs, words) into the page,
  // which saves the first round trips of every load.
  MZ.config = JSON.parse(document.getElementById('dashboard-config').textContent);
  const messages = MZ.config.messages;

  /** A word of the page in its language; {name} placeholders are filled from params. */
  MZ.t = function (key, params) {
    const text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      params && params[name] !== undefined && params[name] !== null ? String(params[name]) : whole);
  };

  const numberFormats = {};
  /** A number in the page's language, with at most `digits` decimals (exactly, if fixed). */
  MZ.number = function (value, digits, fixed) {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    const key = digits + (fixed ? 'f' : '');
    if (!numberFormats[key]) {
      numberFormats[key] = new Intl.NumberFormat(MZ.config.lang, {
        maximumFractionDigits: digits, minimumFractionDigits: fixed ? digits : 0,
      });
    }
    return numberFormats[key].format(value);
  };

  /** A query string from an object, leaving out empty values. */
  MZ.query = function (params) {
    const search = new URLSearchParams();
    Object.keys(params).forEach((name) => {
      const value = params[name];
      if (value !== null && value !== undefined && value !== '') search.set(name, value);
    });
    const text = search.toString();
    return text ? '?' + text : '';
  };

  /** An element with attributes and children: the pages build their DOM with this and
      textContent, never by pasting strings into innerHTML, so data cannot inject markup. */
  MZ.el = function (tag, attributes, children) {
    const element = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => {
      const value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === 'text') element.textContent = value;
      else if (name === 'className') element.className = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach((child) => {
      if (child === null || child === undefined || child === false) return;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return element;
  };

  /** An error from the service, carrying its problem+json document. */
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || MZ.t('error_network'));
      this.status = status;
      this.problem = problem;
    }
  }
  MZ.ApiError = ApiError;

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

  /** One call to the service with the session cookie. Writes carry the CSRF token that
      the sign-in handed out, which a page of another site cannot read. */
  MZ.request = async function (method, url, body) {
    // problems come worded by the server, in the page's language (DESIGN.md section 9)
    const headers = { Accept: 'application/json', 'Accept-Language': MZ.config.lang === 'en' ? 'en' : 'zh-CN' };
    if (method !== 'GET') headers['X-CSRF-Token'] = MZ.config.csrf || '';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      const early = method === 'GET' ? takeEarly(url) : null;
      response = await (early || fetch(url, {
        method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      }));
    } catch (error) {
      throw new ApiError(0, null);
    }
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  };
  MZ.get = (url) => MZ.request('GET', url);
  MZ.post = (url, body) => MZ.request('POST', url, body);

  // Signing out revokes the session's token on the server, then shows the sign-in form.
  const signOut = document.getElementById('signout');
  if (signOut) {
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      try {
        await MZ.request('DELETE', '/web/session');
      } catch (error) {
        // signed out already (401) or the network failed: the reload shows which
      }
      window.location.href = window.location.pathname;
    });
  }
}(window.MZ));
