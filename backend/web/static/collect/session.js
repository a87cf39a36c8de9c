/* The signed-in user: taking a session's user (with the capabilities the server gives it),
 * the places the forms need, checking the session in the background, and sending.
 */
import {api, problem, readSession} from './api.js';
import {toast} from './dom.js';
import {t} from './i18n.js';
import {go, online, refreshLists, render, renderChrome, route} from './nav.js';
import {run} from './sync.js';
import {settings, url} from './settings.js';
import * as store from './store.js';
import {setContext, setSending, setSessionExpired, setUser, state} from './state.js';

export function getJSON(path) {
  return api('GET', path).then(function (r) {
    if (!r.ok) { throw new Error(problem(r)); }
    return r.data;
  });
}

function queryUrl(name, query) {
  const base = url(name);
  return base + (base.indexOf('?') >= 0 ? '&' : '?') + query;
}

// The account's own unit and the one above it, or every town (a city-wide account).
function places(user) {
  const reach = user.capabilities ? user.capabilities.reach : null;
  const level = user.capabilities ? user.capabilities.reachLevel : null;
  if (level === 'town') {
    return getJSON(url('unit', {code: reach})).then(function (town) {
      return Promise.all([town, getJSON(url('unit', {code: town.parent_code})), null]);
    });
  }
  if (level === 'county') { return Promise.all([null, getJSON(url('unit', {code: reach})), null]); }
  return Promise.all([null, null, getJSON(queryUrl('units', 'level=town'))]);
}

function contextFrom(counties, answers) {
  const context = {counties: counties, fixedTown: null, towns: [], outlines: []};
  const town = answers[0];
  const county = answers[1];
  if (town) {
    context.fixedTown = {code: town.code, name: town.name};
    if (town.boundary) { context.outlines.push(town.boundary); }
  }
  if (county) {
    if (county.boundary) { context.outlines.unshift(county.boundary); }
    if (!context.fixedTown) { context.towns = county.children.filter(function (u) { return u.level === 'town'; }); }
  }
  if (answers[2]) {
    context.towns = answers[2].map(function (u) {
      return {code: u.code, name: u.name, county_name: counties[u.parent_code] || u.parent_code};
    });
  }
  return context;
}

function loadContext(user) {
  return Promise.all([getJSON(queryUrl('units', 'level=county')), places(user)]).then(function (answers) {
    const counties = {};
    answers[0].forEach(function (c) { counties[c.code] = c.name; });
    const context = contextFrom(counties, answers[1]);
    setContext(context);
    return store.setMeta('context', context);
  }).catch(function () { /* offline or refused: the forms still work with codes */ });
}

// Take a signed-in user: keep the profile, and fetch the places the forms need (town name,
// outlines, towns to choose from) in the background, for offline use; nobody waits for it.
// capabilities: the session's; a profile without them (a password change) keeps the last ones.
export function adopt(user, capabilities) {
  const kept = state.user && state.user.username === user.username ? state.user.capabilities : null;
  const profile = Object.assign({}, user, {capabilities: capabilities || kept || null});
  const changed = setUser(profile);
  if (changed || !state.context) {
    loadContext(profile).then(refreshLists);  // the screen may show the places
  }
  return store.setMeta('user', profile);
}

function adoptSession(result) {
  return adopt(result.data.user, result.data.capabilities);
}

// Is the cookie session still good? Never blocks the screen; called in the background.
export function checkSession() {
  if (!online()) { return Promise.resolve(null); }
  return readSession().then(function (result) {
    if (result.ok) {
      const first = !state.user;
      return adoptSession(result).then(function () {
        if (first || route().name === 'signin') { go('#home'); } else { renderChrome(); }
        return result;
      });
    }
    if (result.status === 401 && state.user) {
      setSessionExpired();
      if (['new', 'edit', 'fix'].indexOf(route().name) < 0) { render(); }
    }
    return result;
  });
}

export {adoptSession};

function countsText(counts) {
  return Object.keys(counts).map(function (s) { return t('state_' + s) + ' ' + counts[s]; }).join('，');
}

function tell(summary) {
  if (summary.auth) {
    setSessionExpired();
    toast(t('session_expired'), 'bad');
  } else if (!summary.ok) {
    toast(t('sync_failed', {msg: summary.message}), 'bad');
  } else if (summary.sent) {
    toast(t('sync_done', {summary: countsText(summary.counts)}), 'good');
  }
}

export function sendNow() {
  // nothing is sent with a temporary password: the server would refuse it (403)
  if (!state.user || state.user.must_change_password) { return Promise.resolve(null); }
  setSending(true);
  refreshLists();
  return run(state.user.username, settings().batch_max_records).then(function (summary) {
    setSending(false);
    tell(summary);
    refreshLists();
    return summary;
  });
}
