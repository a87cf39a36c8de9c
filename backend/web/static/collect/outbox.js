/* The outbox's items on the phone (IndexedDB store "outbox", store.js) and their states.
 *
 * Outbox items: {key, op: 'create'|'correct', owner, record (the JSON posted), draft,
 * record_id (corrections), state: queued|created|replayed|corrected|conflict|invalid|forbidden,
 * errors, server: {id, status, flags, ...}, saved_at, answered_at, exported_at}.
 *
 *   isDone(item)          the server has accepted it
 *   needsAttention(item)  the server refused it: the officer decides
 *   items(owner?)         every item (of one owner), oldest first
 *   markExported(rows)    the officer has a copy of these in a file
 *   emit(name, detail)    tells the page (a DOM event on document) that something changed
 */
import * as store from './store.js';

const DONE = ['created', 'replayed', 'corrected'];
const ATTENTION = ['conflict', 'invalid', 'forbidden'];

export function isDone(item) { return DONE.indexOf(item.state) >= 0; }
export function needsAttention(item) { return ATTENTION.indexOf(item.state) >= 0; }

export function items(owner) {
  return store.all('outbox').then(function (rows) {
    rows.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0; });
    return owner ? rows.filter(function (row) { return row.owner === owner; }) : rows;
  });
}

export function markExported(rows) {
  const now = new Date().toISOString();
  rows.forEach(function (row) { row.exported_at = now; });
  return store.putMany('outbox', rows);
}

export function emit(name, detail) {
  document.dispatchEvent(new CustomEvent(name, {detail: detail}));
}
