/* Sending the outbox (outbox.js): records saved on the phone, sent when a connection is there.
 *
 * Never losing or duplicating a record rests on three things:
 *   - every record gets its client_id when it is saved, and keeps it for every resend;
 *   - an outbox item changes state only when the server's answer for it has arrived
 *     (a lost answer leaves it queued, and the resend is answered "replayed": the server
 *     stores nothing twice);
 *   - nothing leaves the outbox except by the officer's hand: clearing records the server
 *     has accepted, deleting one with a confirmation, or signing out after sending/exporting.
 *
 * Outbox items: {key, op: 'create'|'correct', owner, record (the JSON posted), draft,
 * record_id (corrections), state: queued|created|replayed|corrected|conflict|invalid|forbidden,
 * errors, server: {id, status, flags, ...}, saved_at, answered_at, exported_at}.
 */
import {problem, write} from './api.js';
import {coded} from './i18n.js';
import {emit, items} from './outbox.js';
import {send as sendPhotos} from './photos.js';
import * as store from './store.js';
import {url} from './settings.js';

const CHUNK = 100;  // records per batch request: small enough for a weak link
let running = null;
let retryTimer = null;
let retryDelay = 15000;

// Save a new record (or a fixed one) for sending; resolves once it is on disk.
export function queueRecord(owner, payload, draft) {
  var item = {
    key: payload.client_id, op: 'create', owner: owner, record: payload, draft: draft,
    state: 'queued', errors: null, server: null, saved_at: new Date().toISOString(),
    answered_at: null, exported_at: null
  };
  return store.get('outbox', item.key).then(function (old) {
    if (old) { item.saved_at = old.saved_at; }  // keep its place in the queue
    return store.put('outbox', item);
  }).then(function () { emit('mz:outbox'); return item; });
}

// A correction of a stored record: a merge patch of the whole document, queued like the
// rest so it survives going offline; one per record (a newer one replaces an unsent one).
// revision: the one the officer corrected (sent as If-Match: a record changed on the
// server meanwhile is not overwritten unseen); none when it deliberately replaces it.
export function queueCorrection(owner, recordId, payload, draft, revision) {
  var patch = {};
  Object.keys(payload).forEach(function (key) {
    if (key !== 'client_id') { patch[key] = payload[key]; }
  });
  patch.year = null;  // let the year follow observed_on again
  var item = {
    key: 'fix:' + recordId, op: 'correct', record_id: recordId, revision: revision, owner: owner, record: patch,
    draft: draft, state: 'queued', errors: null, server: null, saved_at: new Date().toISOString(),
    answered_at: null, exported_at: null
  };
  return store.put('outbox', item).then(function () { emit('mz:outbox'); return item; });
}

function settle(item, result) {
  item.answered_at = new Date().toISOString();
  item.state = result.outcome;
  item.http_status = result.status;
  // field errors by code (invalid_params), worded when shown in the language of then
  item.errors = result.invalid_params && result.invalid_params.length ? coded(result.invalid_params)
    : result.errors || null;
  if (result.record) {
    var r = result.record;
    item.server = {id: r.id, status: r.status, flags: r.flags || [], computed_area_mu: r.computed_area_mu,
      review_reason: r.review_reason};
  }
  return item;
}

function sendCreates(batch) {
  return write('POST', url('batch'), {records: batch.map(function (i) { return i.record; })},
    {timeout: 90000}).then(function (result) {
    if (!result.ok) { return result; }
    var results = result.data.results || [];
    var answered = [];
    results.forEach(function (r) {
      var item = batch[r.index];
      // an answer is applied only to the record it is for
      if (item && String(r.client_id) === item.record.client_id) { answered.push(settle(item, r)); }
    });
    return store.putMany('outbox', answered).then(function () {
      result.answered = answered;
      return result;
    });
  });
}

function sendCorrection(item) {
  var ifMatch = item.revision ? {'If-Match': '"' + item.revision + '"'} : {};
  return write('PATCH', url('record', {record_id: item.record_id}), item.record,
    {contentType: 'application/merge-patch+json', headers: ifMatch}).then(function (result) {
    var outcome = null;
    if (result.ok) {
      outcome = {outcome: 'corrected', status: result.status, record: result.data};
    } else if (result.status === 422) {
      var data = result.data || {};
      outcome = {outcome: 'invalid', status: 422, errors: data.invalid_params ? coded(data.invalid_params)
        : data.errors || {_schema: [problem(result)]}};
    } else if (result.status === 409 || result.status === 412) {  // 412: changed on the server since
      outcome = {outcome: 'conflict', status: result.status, errors: {_schema: [problem(result)]}};
    } else if (result.status === 403 || result.status === 404) {
      outcome = {outcome: 'forbidden', status: result.status, errors: {_schema: [problem(result)]}};
    }
    if (!outcome) { return result; }  // no answer for this record: it stays queued
    settle(item, outcome);
    return store.put('outbox', item).then(function () {
      result.answered = [item];
      result.ok = true;
      return result;
    });
  });
}

// Send every queued record of the signed-in user. Concurrent calls share one run; with
// several tabs open, a Web Lock keeps them from sending at the same moment (a double send
// would only be answered "replayed", but there is no need for it).
export function run(owner, batchMax) {
  if (running) { return running; }
  var work = function () { return sendAll(owner, batchMax); };
  var locked = navigator.locks && navigator.locks.request
    ? navigator.locks.request('mz-collect-sync', work) : work();
  running = Promise.resolve(locked).then(function (summary) {
    running = null;
    return summary;
  }, function (error) {
    running = null;
    return {ok: false, message: String(error), counts: {}};
  });
  return running;
}

// The steps of one run: each sends one batch of new records or one correction.
function steps(queued, batchMax) {
  const size = Math.max(1, Math.min(CHUNK, batchMax || CHUNK));
  const creates = queued.filter(function (row) { return row.op === 'create'; });
  const fixes = queued.filter(function (row) { return row.op === 'correct'; });
  const list = [];
  for (let i = 0; i < creates.length; i += size) {
    list.push(sendCreates.bind(null, creates.slice(i, i + size)));
  }
  fixes.forEach(function (item) { list.push(sendCorrection.bind(null, item)); });
  return list;
}

// One request after the other, stopping at the first without an answer.
function sendSteps(list, summary) {
  return list.reduce(function (chain, step) {
    return chain.then(function () {
      if (!summary.ok) { return null; }
      return step().then(function (result) {
        if (!result.ok) {
          summary.ok = false;
          summary.status = result.status;
          summary.auth = result.status === 401;
          summary.message = problem(result);
          return null;
        }
        (result.answered || []).forEach(function (item) {
          summary.counts[item.state] = (summary.counts[item.state] || 0) + 1;
          summary.sent += 1;
        });
        return null;
      });
    });
  }, Promise.resolve()).then(function () { return summary; });
}

// Photos go after their records: those just accepted, and any still waiting.
function thenPhotos(owner, result) {
  if (result.auth) { return result; }
  return sendPhotos(owner, write).then(function (photos) {
    if (photos.sent || photos.refused || !photos.ok) { result.nothing = false; result.photos = photos; }
    if (!photos.ok && result.ok) {
      result.ok = false;
      result.status = photos.status;
      result.auth = photos.status === 401;
      result.message = photos.message;
    }
    return result;
  });
}

function sendAll(owner, batchMax) {
  const summary = {ok: true, counts: {}, sent: 0};
  return items(owner).then(function (rows) {
    const queued = rows.filter(function (row) { return row.state === 'queued'; });
    if (!queued.length) { summary.nothing = true; return summary; }
    emit('mz:sync', {state: 'sending'});
    return sendSteps(steps(queued, batchMax), summary);
  }).then(function (result) {
    return thenPhotos(owner, result);
  }).then(function (result) {
    if (!result.nothing) {
      store.setMeta('last_sync', {at: new Date().toISOString(), ok: result.ok});
    }
    scheduleRetry(result, owner, batchMax);
    emit('mz:outbox');
    emit('mz:sync', {state: 'done', summary: result});
    return result;
  });
}

// After a failed send (not a refused sign-in), try again later, backing off to 5 minutes.
function scheduleRetry(result, owner, batchMax) {
  if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
  if (result.ok || result.auth) { retryDelay = 15000; return; }
  retryTimer = setTimeout(function () {
    retryTimer = null;
    if (navigator.onLine !== false) { run(owner, batchMax); }
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 300000);
}
