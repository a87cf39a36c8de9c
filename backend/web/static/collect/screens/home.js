/* Home: the indicators to report, and what waits in the outbox. */
import {clear, h} from '../dom.js';
import {currentLang, indicatorName, t} from '../i18n.js';
import {online, screen, setRefresh} from '../nav.js';
import {items, needsAttention} from '../outbox.js';
import {sendNow} from '../session.js';
import {settings} from '../settings.js';
import {can, state} from '../state.js';

export function sendButton() {
  return h('button', {type: 'button', class: 'btn primary send', disabled: state.sending || !online(),
    onclick: function () { sendNow(); }}, state.sending ? t('sending') : t('send_now'));
}

function showStatus(status) {
  items(state.user.username).then(function (rows) {
    const waiting = rows.filter(function (r) { return r.state === 'queued'; }).length;
    const attention = rows.filter(needsAttention).length;
    clear(status).appendChild(h('p', null, waiting ? t('queued_summary', {n: waiting}) : t('nothing_queued')));
    if (attention) { status.appendChild(h('p', {class: 'warn'}, h('a', {href: '#queue'}, t('attention_summary', {n: attention})))); }
    if (waiting) { status.appendChild(sendButton()); }
  });
}

function tiles() {
  // an account that writes nothing (the analyst's) reads data only
  if (can('write') === false) { return [h('p', {class: 'warn'}, t('analyst_readonly'))]; }
  return [
    h('p', null, t('choose_indicator')),
    h('ul', {class: 'tiles'}, settings().indicators.map(function (ind) {
      return h('li', null, h('a', {class: 'tile', href: '#new/' + ind.code, 'data-indicator': ind.code}, [
        h('span', {class: 'tile-name'}, indicatorName(ind)),
        currentLang() === 'zh' ? h('span', {class: 'tile-sub', lang: 'en'}, ind.name_en) : null]));
    }))];
}

export function screenHome() {
  const status = h('div', {class: 'card status', 'aria-live': 'polite'}, t('loading'));
  const place = state.user.unit_name ? state.user.unit_name + ' · ' : '';
  // the outbox status comes after the tiles: it is read asynchronously, and must not push
  // the tiles down under the officer's thumb as it appears
  screen(t('home_title'), [h('p', {class: 'who'}, place + state.user.username)].concat(tiles()).concat([status]));
  setRefresh(function () { showStatus(status); });
  showStatus(status);
}
