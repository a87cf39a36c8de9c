/* Talking to the service, and the outbox: records saved on the phone, sent when a
 * connection is there.
 *
 * Sign-in is the session cookie of /web/session: HTTP-only, so page script never holds a
 * credential. Writes echo the CSRF token that sign-in hands out; it is kept in memory only
 * and fetched again (GET /web/session) after a reload.
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
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};
  var CHUNK = 100;           // records per batch request: small enough for a weak link
  var DONE = ['created', 'replayed', 'corrected'];
  var ATTENTION = ['conflict', 'invalid', 'forbidden'];
  var csrf = null;           // memory only, on purpose
  var running = null;
  var retryTimer = null;
  var retryDelay = 15000;

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {  // very old WebViews: weaker, still unique enough for one phone's records
      for (var i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, {detail: detail}));
  }

  // fetch with a time limit (a request hanging on a dead link must not block the queue)
  function api(method, path, body, options) {
    options = options || {};
    var headers = {'Accept': 'application/json'};
    if (body !== undefined) { headers['Content-Type'] = options.contentType || 'application/json'; }
    if (method !== 'GET' && csrf) { headers['X-CSRF-Token'] = csrf; }
    headers['Accept-Language'] = MZ.i18n.lang() === 'en' ? 'en' : 'zh-CN';  // problems worded by the server
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, options.timeout || 60000) : null;
    return fetch(path, {
      method: method, headers: headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return {ok: response.ok, status: response.status, data: data};
      });
    }, function (error) {
      return {ok: false, status: 0, network: true, data: null, error: error};
    }).then(function (result) {
      if (timer) { clearTimeout(timer); }
      return result;
    });
  }

  function problem(result) {
    if (result.network) { return MZ.i18n.t('network_error'); }
    var detail = result.data && (result.data.detail || result.data.title);
    return detail ? MZ.i18n.translateMessage(detail) : MZ.i18n.t('unknown_error', {status: result.status});
  }

  // ---- session --------------------------------------------------------------------------

  function readSession() {
    return api('GET', '/web/session').then(function (result) {
      csrf = result.ok ? result.data.csrf : null;
      return result;
    });
  }

  function signIn(username, password) {
    return api('POST', '/web/session', {username: username, password: password}).then(function (result) {
      if (result.ok) { csrf = result.data.csrf; }
      return result;
    });
  }

  function signOut() {
    return api('DELETE', '/web/session').then(function (result) {
      if (result.status === 403) {  // stale CSRF token: read it again and retry once
        return readSession().then(function (session) {
          return session.ok ? api('DELETE', '/web/session') : {ok: true, status: 204};
        });
      }
      return result;
    }).then(function (result) {
      // 401: the server session was over already; either way the cookie is gone now
      if (result.ok || result.status === 401) { csrf = null; }
      return result;
    });
  }

  // A write with the CSRF token, reading the session first when the page has none yet.
  function write(method, path, body, options) {
    var ready = csrf ? Promise.resolve({ok: true}) : readSession();
    return ready.then(function (session) {
      if (!session.ok) { return session; }
      return api(method, path, body, options).then(function (result) {
        if (result.status === 403 && result.data && /X-CSRF-Token/.test(result.data.detail || '')) {
          return readSession().then(function (again) {
            return again.ok ? api(method, path, body, options) : again;
          });
        }
        return result;
      });
    });
  }

  // ---- outbox ---------------------------------------------------------------------------

  function isDone(item) { return DONE.indexOf(item.state) >= 0; }
  function needsAttention(item) { return ATTENTION.indexOf(item.state) >= 0; }

  function items(owner) {
    return MZ.store.all('outbox').then(function (rows) {
      rows.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0; });
      return owner ? rows.filter(function (row) { return row.owner === owner; }) : rows;
    });
  }

  // Save a new record (or a fixed one) for sending; resolves once it is on disk.
  function queueRecord(owner, payload, draft) {
    var item = {
      key: payload.client_id, op: 'create', owner: owner, record: payload, draft: draft,
      state: 'queued', errors: null, server: null, saved_at: new Date().toISOString(),
      answered_at: null, exported_at: null
    };
    return MZ.store.get('outbox', item.key).then(function (old) {
      if (old) { item.saved_at = old.saved_at; }  // keep its place in the queue
      return MZ.store.put('outbox', item);
    }).then(function () { emit('mz:outbox'); return item; });
  }

  // A correction of a stored record: a merge patch of the whole document, queued like the
  // rest so it survives going offline; one per record (a newer one replaces an unsent one).
  function queueCorrection(owner, recordId, payload, draft) {
    var patch = {};
    Object.keys(payload).forEach(function (key) {
      if (key !== 'client_id') { patch[key] = payload[key]; }
    });
    patch.year = null;  // let the year follow observed_on again
    var item = {
      key: 'fix:' + recordId, op: 'correct', record_id: recordId, owner: owner, record: patch,
      draft: draft, state: 'queued', errors: null, server: null, saved_at: new Date().toISOString(),
      answered_at: null, exported_at: null
    };
    return MZ.store.put('outbox', item).then(function () { emit('mz:outbox'); return item; });
  }

  function settle(item, result) {
    item.answered_at = new Date().toISOString();
    item.state = result.outcome;
    item.http_status = result.status;
    // field errors by code (invalid_params), worded when shown in the language of then
    item.errors = result.invalid_params && result.invalid_params.length ? MZ.i18n.coded(result.invalid_params)
      : result.errors || null;
    if (result.record) {
      var r = result.record;
      item.server = {id: r.id, status: r.status, flags: r.flags || [], computed_area_mu: r.computed_area_mu,
        review_reason: r.review_reason};
    }
    return item;
  }

  function sendCreates(batch) {
    return write('POST', '/api/v1/records/batch', {records: batch.map(function (i) { return i.record; })},
      {timeout: 90000}).then(function (result) {
      if (!result.ok) { return result; }
      var results = result.data.results || [];
      var answered = [];
      results.forEach(function (r) {
        var item = batch[r.index];
        // an answer is applied only to the record it is for
        if (item && String(r.client_id) === item.record.client_id) { answered.push(settle(item, r)); }
      });
      return MZ.store.putMany('outbox', answered).then(function () {
        result.answered = answered;
        return result;
      });
    });
  }

  function sendCorrection(item) {
    return write('PATCH', '/api/v1/records/' + item.record_id, item.record,
      {contentType: 'application/merge-patch+json'}).then(function (result) {
      var outcome = null;
      if (result.ok) {
        outcome = {outcome: 'corrected', status: result.status, record: result.data};
      } else if (result.status === 422) {
        var data = result.data || {};
        outcome = {outcome: 'invalid', status: 422, errors: data.invalid_params ? MZ.i18n.coded(data.invalid_params)
          : data.errors || {_schema: [problem(result)]}};
      } else if (result.status === 409) {
        outcome = {outcome: 'conflict', status: 409, errors: {_schema: [problem(result)]}};
      } else if (result.status === 403 || result.status === 404) {
        outcome = {outcome: 'forbidden', status: result.status, errors: {_schema: [problem(result)]}};
      }
      if (!outcome) { return result; }  // no answer for this record: it stays queued
      settle(item, outcome);
      return MZ.store.put('outbox', item).then(function () {
        result.answered = [item];
        result.ok = true;
        return result;
      });
    });
  }

  // Send every queued record of the signed-in user. Concurrent calls share one run; with
  // several tabs open, a Web Lock keeps them from sending at the same moment (a double send
  // would only be answered "replayed", but there is no need for it).
  function run(owner, batchMax) {
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

  function sendAll(owner, batchMax) {
    var summary = {ok: true, counts: {}, sent: 0};
    return items(owner).then(function (rows) {
      var queued = rows.filter(function (row) { return row.state === 'queued'; });
      if (!queued.length) { summary.nothing = true; return summary; }
      emit('mz:sync', {state: 'sending'});
      var size = Math.max(1, Math.min(CHUNK, batchMax || CHUNK));
      var creates = queued.filter(function (row) { return row.op === 'create'; });
      var fixes = queued.filter(function (row) { return row.op === 'correct'; });
      var steps = [];
      for (var i = 0; i < creates.length; i += size) {
        steps.push(sendCreates.bind(null, creates.slice(i, i + size)));
      }
      fixes.forEach(function (item) { steps.push(sendCorrection.bind(null, item)); });
      // one request after the other, stopping at the first without an answer
      return steps.reduce(function (chain, step) {
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
    }).then(function (result) {
      if (!result.nothing) {
        MZ.store.setMeta('last_sync', {at: new Date().toISOString(), ok: result.ok});
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

  function markExported(rows) {
    var now = new Date().toISOString();
    rows.forEach(function (row) { row.exported_at = now; });
    return MZ.store.putMany('outbox', rows);
  }

  MZ.sync = {
    uuid: uuid, api: api, write: write, problem: problem, readSession: readSession, signIn: signIn,
    signOut: signOut, items: items, queueRecord: queueRecord, queueCorrection: queueCorrection,
    run: run, isDone: isDone, needsAttention: needsAttention, markExported: markExported,
    hasCsrf: function () { return !!csrf; }
  };
})();
