/* The form screens: a new record, a queued one to edit, a stored one to correct. Each keeps
 * its draft in the app's state (state.js keepDraft) until it is saved or cancelled.
 */
import {toast} from '../dom.js';
import {draftFromPayload, draftFromRecord, newDraft} from '../form.js';
import {open as openForm} from '../formview/index.js';
import {t} from '../i18n.js';
import {go, mainElement, online, screen, setForm} from '../nav.js';
import {isDone} from '../outbox.js';
import {forget, picker} from '../photos.js';
import {getJSON, sendNow} from '../session.js';
import {indicators, settings, url} from '../settings.js';
import * as store from '../store.js';
import {dropDraft, can, keepDraft, state} from '../state.js';
import {queueCorrection, queueRecord} from '../sync.js';
import {h} from '../dom.js';

function copy(object) { return JSON.parse(JSON.stringify(object)); }

// Where the forms' records may be: the account's own town (fixed), or towns to choose from.
function formContext() {
  const ctx = state.context || {towns: [], outlines: []};
  const ownTown = can('reachLevel') === 'town' ? {code: state.user.unit_code, name: state.user.unit_name} : null;
  return {fixedTown: ctx.fixedTown || ownTown, towns: ctx.towns || [], outlines: ctx.outlines || []};
}

function saved() {
  toast(online() ? t('saved_sending') : t('saved_queued'), 'good');
  go('#queue');
  if (online()) { sendNow(); }
}

export function screenNew(code) {
  const indicator = indicators()[code];
  if (!indicator) { go('#home'); return; }
  const key = 'new/' + code;
  const ctx = formContext();
  const kept = keepDraft(key, function () {
    return {draft: newDraft(indicator, ctx.fixedTown ? ctx.fixedTown.code : '')};
  });
  const draft = kept.draft;
  setForm(openForm(mainElement(), {
    indicator: indicator, draft: draft, mode: 'new', context: ctx, settings: settings(), state: kept.state,
    photos: picker(state.user.username, draft.client_id, settings().photo_max_side_px),
    onCancel: function () { dropDraft(key); forget([draft.client_id]); go('#home'); },
    onSave: function (payload) {
      return queueRecord(state.user.username, payload, draft).then(function () { dropDraft(key); saved(); });
    }
  }));
}

// A queued record, to change before it is sent or after the server found it invalid.
export function screenEdit(key) {
  store.get('outbox', key).then(function (item) {
    if (!item || item.op !== 'create' || isDone(item) || item.state === 'conflict') { go('#queue'); return; }
    const indicator = indicators()[item.record.indicator];
    const refused = item.state === 'invalid' || item.state === 'forbidden';
    const kept = keepDraft('edit/' + key, function () {
      return {
        draft: copy(item.draft || draftFromPayload(indicator, item.record)),
        state: {serverErrors: refused ? copy(item.errors || {}) : {}}
      };
    });
    const draft = kept.draft;
    setForm(openForm(mainElement(), {
      indicator: indicator, draft: draft, mode: 'edit', context: formContext(), settings: settings(),
      state: kept.state, photos: picker(item.owner, item.key, settings().photo_max_side_px),
      onCancel: function () { dropDraft('edit/' + key); go('#queue'); },
      onSave: function (payload) {
        return queueRecord(item.owner, payload, draft).then(function () { dropDraft('edit/' + key); saved(); });
      }
    }));
  });
}

// The correction to open: one still on the phone (unsent, or refused) as it was left,
// offline too; else the stored record, as last listed or read from the server.
function correctionOf(id) {
  return store.get('outbox', 'fix:' + id).then(function (pending) {
    if (pending && !isDone(pending) && pending.draft) {
      return {draft: pending.draft, errors: pending.errors || {}, revision: pending.revision};
    }
    const record = state.mine[id];
    return (record ? Promise.resolve(record) : getJSON(url('record', {record_id: id}))).then(function (rec) {
      const draft = draftFromRecord(indicators()[rec.indicator], rec);
      draft.town_name = rec.town_name;
      return {draft: draft, errors: {}, revision: rec.revision};
    });
  });
}

// Queue the correction and send it at once when online: sent, refused (its errors shown in
// the form, which stays open) or queued for later.
function saveCorrection(id, found, draft, payload) {
  const done = function (message, hash) {
    dropDraft('fix/' + id);
    toast(message, 'good');
    go(hash);
    return null;
  };
  return queueCorrection(state.user.username, Number(id), payload, draft, found.revision).then(function (item) {
    if (!online()) { return done(t('correction_queued'), '#queue'); }
    return sendNow().then(function () { return store.get('outbox', item.key); }).then(function (after) {
      if (after && after.state === 'corrected') { return done(t('correction_sent'), '#mine'); }
      if (after && after.state !== 'queued') { return {errors: after.errors || {}}; }
      return done(t('correction_queued'), '#queue');
    });
  });
}

// A stored record (rejected, or pending) opened to correct it: PATCH, through the outbox.
export function screenFix(id) {
  screen(t('mine_loading'), []);
  correctionOf(id).then(function (found) {
    const indicator = indicators()[found.draft.indicator];
    const kept = keepDraft('fix/' + id, function () { return {draft: copy(found.draft), state: {serverErrors: copy(found.errors)}}; });
    const draft = kept.draft;
    setForm(openForm(mainElement(), {
      indicator: indicator, draft: draft, mode: 'fix', recordId: id, settings: settings(), state: kept.state,
      context: {fixedTown: {code: draft.town_code, name: draft.town_name || draft.town_code}, towns: [],
        outlines: formContext().outlines},
      onCancel: function () { dropDraft('fix/' + id); go('#mine'); },
      onSave: function (payload) { return saveCorrection(id, found, draft, payload); }
    }));
  }).catch(function (error) {
    screen(t('mine_title'), [h('p', {class: 'error'}, String(error.message || error))]);
  });
}
