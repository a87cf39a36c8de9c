/* The app's entry (frontend/build.mjs bundles from here): the screens by route, the events
 * that redraw or send, and the start.
 *
 * The first screen is drawn from what the page and the phone already hold (the embedded
 * registry, the profile of the last signed-in user in IndexedDB): no network round trip
 * stands between opening the app and using it, in a village without signal or on a slow
 * link. The session is checked and the outbox sent in the background.
 */
import {clear, h} from './dom.js';
import {currentLang, setLang, t} from './i18n.js';
import {mainElement, online, refreshLists, render, renderChrome, setScreens, updateCount} from './nav.js';
import {checkSession, sendNow} from './session.js';
import {settings} from './settings.js';
import * as store from './store.js';
import {restore, state} from './state.js';
import {screenAccount, switchLang} from './screens/account.js';
import {screenEdit, screenFix, screenNew} from './screens/forms.js';
import {screenHome} from './screens/home.js';
import {screenMine} from './screens/mine.js';
import {screenQueue} from './screens/queue.js';
import {screenSignIn} from './screens/signin.js';

function ready() {
  // for tests and the benchmark: the first screen is drawn and answers input
  document.documentElement.setAttribute('data-ready', '1');
  window.__mzReadyAt = window.performance ? window.performance.now() : 0;
}

function signedInAndValid() { return online() && state.user && !state.sessionExpired; }

function listen() {
  document.getElementById('lang').addEventListener('click', function () {
    switchLang(currentLang() === 'zh' ? 'en' : 'zh');
  });
  window.addEventListener('hashchange', render);
  window.addEventListener('online', function () {
    renderChrome();
    checkSession().then(function () { if (state.user && !state.sessionExpired) { sendNow(); } });
  });
  window.addEventListener('offline', function () { renderChrome(); refreshLists(); });
  document.addEventListener('mz:outbox', updateCount);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && signedInAndValid()) { sendNow(); }
  });
}

function registerWorker() {
  if (!('serviceWorker' in navigator)) { return; }
  const register = function () {
    navigator.serviceWorker.register(settings().sw_url, {scope: settings().sw_scope}).catch(function () {
      /* no offline shell in this browser; the app still works online */
    });
  };
  if (document.readyState === 'complete') { register(); } else { window.addEventListener('load', register); }
}

function start() {
  setLang(currentLang());
  setScreens({signin: screenSignIn, home: screenHome, new: screenNew, edit: screenEdit, fix: screenFix,
    queue: screenQueue, mine: screenMine, account: screenAccount});
  listen();
  Promise.all([store.getMeta('user'), store.getMeta('context')]).then(function (meta) {
    restore(meta[0], meta[1]);
    render();
    ready();
    store.persist();
    checkSession().then(function (result) {
      if (result && result.ok) { sendNow(); }
    });
  }, function () {
    clear(mainElement()).appendChild(h('p', {class: 'error', role: 'alert'}, t('storage_error')));
    ready();
  });
  registerWorker();
}

start();
