/* The outbox screen: what waits on the phone, what the server refused and why, what it
 * accepted; export to a file, clear what was sent. */
import {clear, h, toast} from '../dom.js';
import {draftFromPayload} from '../form.js';
import {indicatorName, pathLabel, t} from '../i18n.js';
import {online, refreshLists, render, screen, setRefresh} from '../nav.js';
import {isDone, items, markExported, needsAttention} from '../outbox.js';
import {forget, strip} from '../photos.js';
import {sendNow} from '../session.js';
import {indicators} from '../settings.js';
import * as store from '../store.js';
import {state} from '../state.js';
import {queueCorrection} from '../sync.js';
import {errorList, flagList, shownValue, valueSummary} from './cards.js';
import {sendButton} from './home.js';

function conflictTable(indicator, differences) {
  return h('table', {class: 'diff'}, [
    h('thead', null, h('tr', null, [h('th', {scope: 'col'}, t('conflict_field')),
      h('th', {scope: 'col'}, t('conflict_stored')), h('th', {scope: 'col'}, t('conflict_posted'))])),
    h('tbody', null, Object.keys(differences).map(function (path) {
      const d = differences[path] || {};
      return h('tr', null, [h('th', {scope: 'row'}, pathLabel(indicator, path)),
        h('td', null, shownValue(d.stored)), h('td', null, shownValue(d.posted))]);
    }))]);
}

// "Correct the server's record with my version": the conflicting item becomes a correction.
function useMine(item, indicator) {
  const draft = item.draft || draftFromPayload(indicator, item.record);
  queueCorrection(item.owner, item.server.id, item.record, draft).then(function () {
    return store.remove('outbox', item.key);
  }).then(function () {
    refreshLists();
    if (online()) { sendNow(); }
  });
}

function discard(item, answered) {
  // the server already holds this one (a conflict): deleting the copy loses nothing
  if (!answered && !window.confirm(t('confirm_discard'))) { return; }
  store.remove('outbox', item.key).then(refreshLists);
}

function button(cls, text, onclick) {
  return h('button', {type: 'button', class: cls, onclick: onclick}, text);
}

// What the server said about a refused item, and the officer's choices for a conflict.
function refusal(item, indicator, body, actions) {
  if (item.state === 'conflict' && item.errors && item.op === 'create') {
    body.push(h('p', null, t('conflict_intro')), conflictTable(indicator, item.errors));
    if (item.server && item.server.id) {
      actions.push(button('btn', t('conflict_use_mine'), function () { useMine(item, indicator); }));
    }
    actions.push(button('btn secondary', t('conflict_keep_server'), function () { discard(item, true); }));
  } else if (item.state === 'invalid' || item.state === 'forbidden' || item.state === 'conflict') {
    if (item.state === 'forbidden') { body.push(h('p', null, t('forbidden_intro'))); }
    body.push(errorList(indicator, item.errors));
  }
}

function itemActions(item, mine, actions) {
  if (mine && (item.state === 'queued' || item.state === 'invalid' || item.state === 'forbidden')) {
    const href = item.op === 'create' ? '#edit/' + encodeURIComponent(item.key) : '#fix/' + item.record_id;
    actions.push(h('a', {class: 'btn', href: href}, t(item.state === 'queued' ? 'edit' : 'edit_resend')));
  }
  if (!isDone(item) && item.state !== 'conflict') {
    actions.push(button('btn secondary danger', t('discard'), function () { discard(item, false); }));
  }
}

function itemCard(item) {
  const indicator = indicators()[item.op === 'create' ? item.record.indicator : (item.draft && item.draft.indicator)];
  const mine = item.owner === state.user.username;
  const title = item.op === 'correct' ? t('correct') + ' #' + item.record_id + ' · ' + indicatorName(indicator)
    : indicatorName(indicator);
  const body = [
    h('h3', null, title),
    h('p', {class: 'meta'}, [item.record.observed_on, ' · ', valueSummary(indicator, item.record.values)]),
    h('p', {class: 'badge state-' + item.state}, mine ? t('state_' + item.state) : t('state_other_owner', {owner: item.owner}))
  ];
  if (item.server && item.server.id) { body.push(h('p', {class: 'hint'}, t('server_id', {id: item.server.id}))); }
  if (item.server) { body.push(flagList(item.server.flags)); }
  if (item.op === 'create') { body.push(strip(item.key)); }
  const actions = [];
  refusal(item, indicator, body, actions);
  itemActions(item, mine, actions);
  if (actions.length) { body.push(h('div', {class: 'row'}, actions)); }
  return h('li', {class: 'card item', 'data-key': item.key, 'data-state': item.state}, body);
}

// Unsent records as a JSON file the officer can keep or hand over (POST /records/batch takes
// its "records" as they are).
export function exportRecords(rows) {
  const body = {
    exported_at: new Date().toISOString(), user: state.user.username,
    records: rows.filter(function (r) { return r.op === 'create'; }).map(function (r) { return r.record; }),
    corrections: rows.filter(function (r) { return r.op === 'correct'; }).map(function (r) {
      return {record_id: r.record_id, patch: r.record};
    }),
    states: rows.map(function (r) { return {key: r.key, state: r.state, errors: r.errors}; })
  };
  const blob = new Blob([JSON.stringify(body, null, 2)], {type: 'application/json'});
  const href = URL.createObjectURL(blob);
  const stamp = body.exported_at.slice(0, 16).replace(/[-:T]/g, '');
  const link = h('a', {href: href, download: 'meizhou-records-' + state.user.username + '-' + stamp + '.json', hidden: true});
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
  return markExported(rows).then(function () {
    toast(t('exported', {n: rows.length}), 'good');
    return rows.length;
  });
}

const GROUPS = [['queue_group_attention', needsAttention],
  ['queue_group_waiting', function (r) { return r.state === 'queued'; }],
  ['queue_group_done', isDone]];

function tools(visible) {
  const unsent = visible.filter(function (r) { return !isDone(r); });
  const done = visible.filter(isDone);
  const list = [];
  if (unsent.length) { list.push(button('btn secondary', t('export'), function () { exportRecords(unsent); })); }
  if (done.length) {
    list.push(button('btn secondary', t('clear_sent'), function () {
      Promise.all(done.map(function (r) { return store.remove('outbox', r.key); })).then(function () {
        return forget(done.map(function (r) { return r.key; }), true);  // answered ones only
      }).then(refreshLists);
    }));
  }
  return list.length ? h('div', {class: 'row tools'}, list) : null;
}

function showQueue(list, section, rows) {
  const visible = rows.filter(function (r) { return r.owner === state.user.username || !isDone(r); });
  clear(list);
  if (!visible.length) { list.appendChild(h('p', null, t('queue_empty'))); return; }
  GROUPS.forEach(function (group) {
    const members = visible.filter(group[1]);
    if (!members.length) { return; }
    list.appendChild(h('h3', {class: 'group'}, t(group[0]) + '（' + members.length + '）'));
    list.appendChild(h('ul', {class: 'cards', 'data-group': group[0]}, members.slice().reverse().map(itemCard)));
  });
  const row = tools(visible);
  if (row) { section.appendChild(row); }
}

export function screenQueue() {
  setRefresh(render);
  const list = h('div', {class: 'queue'}, t('loading'));
  const last = h('p', {class: 'hint'});
  const section = screen(t('queue_title'), [last, h('div', {class: 'row'}, [sendButton()]), list]);
  store.getMeta('last_sync').then(function (info) {
    if (info) { last.textContent = t('last_sync', {time: new Date(info.at).toLocaleString()}); }
  });
  items().then(function (rows) { showQueue(list, section, rows); });
}
