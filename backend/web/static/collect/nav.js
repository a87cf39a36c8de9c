/* Navigation: the URL hash names the screen (so the phone's back button works); the chrome
 * around it (title, network state, language button, tabs).
 *
 *   route() → {name, arg}        go(hash)        render()
 *   setScreens({name: fn(arg)})  the screens, by route name (app.js)
 *   screen(title, children) → the section drawn in <main>
 *   setForm(controller)          the open form, destroyed on the next render
 *   setRefresh(fn)               redraws what the current screen shows of the outbox
 *   refreshLists()               the outbox changed: the count and the screen's lists
 *   online()
 */
import {clear, h} from './dom.js';
import {currentLang, t} from './i18n.js';
import {isDone, items} from './outbox.js';
import {state} from './state.js';

const main = () => document.getElementById('main');
let screens = {};
let form = null;
let refresh = null;

export function online() { return navigator.onLine !== false; }

export function setScreens(byName) { screens = byName; }
export function setForm(controller) { form = controller; }
export function setRefresh(fn) { refresh = fn; }
export function mainElement() { return main(); }

export function route() {
  const parts = (location.hash || '#home').slice(1).split('/');
  const rest = parts.slice(1).join('/');
  return {name: parts[0] || 'home', arg: rest ? decodeURIComponent(rest) : null};
}

export function inForm() { return ['new', 'edit', 'fix'].indexOf(route().name) >= 0; }

export function go(hash) {
  if (location.hash === hash) { render(); } else { location.hash = hash; }
}

export function updateCount() {
  const el = document.getElementById('queue-count');
  if (!el || !state.user) { return; }
  items(state.user.username).then(function (rows) {
    const waiting = rows.filter(function (r) { return !isDone(r); }).length;
    el.textContent = waiting ? String(waiting) : '';
    el.hidden = !waiting;
  });
}

// the outbox changed: redraw what shows it (the screen says what), never an open form
export function refreshLists() {
  updateCount();
  if (refresh) { refresh(); }
}

const TABS = [['home', 'tab_new', 'new'], ['queue', 'tab_queue', 'edit'], ['mine', 'tab_mine', 'fix'],
  ['account', 'tab_account', null]];

function drawTabs(tabs) {
  const current = route().name;
  clear(tabs);
  TABS.forEach(function (tab) {
    const active = current === tab[0] || current === tab[2];
    const label = [t(tab[1])];
    if (tab[0] === 'queue') { label.push(h('span', {class: 'count', id: 'queue-count'}, '')); }
    tabs.appendChild(h('a', {href: '#' + tab[0], class: 'tab', 'aria-current': active ? 'page' : null}, label));
  });
}

export function renderChrome() {
  document.title = t('app_title');
  document.getElementById('title').textContent = t('app_title');
  const lang = document.getElementById('lang');
  lang.textContent = t('switch_lang');
  lang.setAttribute('lang', currentLang() === 'zh' ? 'en' : 'zh-CN');
  document.getElementById('skip').textContent = t('skip');
  const net = document.getElementById('net');
  net.textContent = online() ? t('online') : t('offline');
  net.className = 'net ' + (online() ? 'on' : 'off');
  const tabs = document.getElementById('tabs');
  tabs.setAttribute('aria-label', t('nav'));
  // a form has its own bar at the bottom (save, cancel): the tabs would crowd the map
  tabs.hidden = !state.user || inForm();
  document.body.classList.toggle('in-form', inForm());
  drawTabs(tabs);
  updateCount();
}

export function render() {
  if (form) { form.destroy(); form = null; }
  refresh = null;
  const r = route();
  renderChrome();
  if (!state.user && r.name !== 'signin') { screens.signin(); return; }
  (screens[r.name] || screens.home)(r.arg);
  const heading = document.getElementById('screen-title');
  if (heading && document.activeElement !== heading && r.name !== 'signin') { heading.focus({preventScroll: true}); }
}

export function screen(titleText, children) {
  clear(main());
  const banner = state.sessionExpired && state.user ? h('div', {class: 'banner', role: 'alert'}, [
    h('p', null, t('session_expired')), h('a', {class: 'btn', href: '#signin'}, t('signin'))]) : null;
  const section = h('section', {class: 'screen', 'aria-labelledby': 'screen-title'}, [
    h('h2', {id: 'screen-title', tabindex: '-1'}, titleText), banner].concat(children));
  main().appendChild(section);
  return section;
}
