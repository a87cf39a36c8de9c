/* The review queue: the unit's pending records, each approved or rejected (with a reason)
   in place. A decision is about the revision shown: one corrected since is refused. */
import { get, post, problemText } from './api.js';
import { h } from './common.js';
import { config, fill, number, query, t } from './config.js';
import { indicatorName } from './indicators.js';
import { showOnMap, recordMap } from './mapsection.js';
import { pager } from './pager.js';
import { flagList, photoStrip, recordFigure, valuePairs } from './records.js';
import { $, announce, latest, load, recordFilter, state } from './view.js';

export async function loadQueue() {
  if (!config.canReview) return;
  await latest('queue', async (current) => {
    const filter = recordFilter({ status: 'pending', year: '', indicator: '' });
    delete filter.town_code; // the unit's whole queue, whatever town the view shows
    Object.assign(filter, config.unitFilter);
    const page = await get(config.urls.recordList + query(Object.assign(filter, { page: state.queuePage, per_page: 20 })));
    if (!current()) return;
    if (page.items.length === 0 && state.queuePage > 1) { // the last one of a page was decided
      state.queuePage = page.pages || 1;
      return loadQueue();
    }
    $('queue-count').textContent = t('count_n', { n: number(page.total, 0) });
    $('queue-list').replaceChildren(...(page.items.length ? page.items.map(queueItem)
      : [h('p', { text: t('queue_empty') })]));
    pager($('queue-pager'), page, (n) => { state.queuePage = n; loadQueue().catch(() => {}); });
  });
}

/** Sends a decision on the record; a rejection needs a reason, asked for in place. */
async function decide(item, record, decision, button) {
  const { reason, error } = item;
  const text = reason.value.trim();
  error.textContent = '';
  reason.removeAttribute('aria-invalid');
  if (decision === 'reject' && !text) {
    error.textContent = t('reason_required');
    reason.setAttribute('aria-invalid', 'true');
    reason.focus();
    return;
  }
  item.element.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    // If-Match: the decision is about the revision shown; a record corrected since is 412
    await post(fill(config.urls.review, { record_id: record.id }), { decision, reason: text || null },
      { 'If-Match': '"' + record.revision + '"' });
    announce(t(decision === 'approve' ? 'approved_n' : 'rejected_n', { id: record.id }));
    item.element.remove();
    // an approved record now counts: every figure that may include it is asked again;
    // the map (thousands of records) only restyles it where its filter still shows it
    const status = decision === 'approve' ? 'approved' : 'rejected';
    const mapKeeps = !state.status && recordMap().setStatus(record.id, status);
    load(['cards', ...(mapKeeps ? [] : ['map']), 'detail', 'queue', 'records']).catch(() => {});
  } catch (failure) {
    error.textContent = problemText(failure);
    item.element.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    button.focus();
  }
}

function queueItem(record) {
  const reasonId = 'reason-' + record.id;
  const errorId = 'reason-error-' + record.id;
  const item = {
    reason: h('input', { id: reasonId, type: 'text', maxlength: '500', 'aria-describedby': errorId }),
    error: h('p', { id: errorId, className: 'message error', role: 'alert' }),
  };
  const approve = h('button', { type: 'button', className: 'primary', text: t('approve'),
    'aria-label': t('approve_n', { id: record.id }), onclick: () => decide(item, record, 'approve', approve) });
  const reject = h('button', { type: 'button', className: 'danger', text: t('reject'),
    'aria-label': t('reject_n', { id: record.id }), onclick: () => decide(item, record, 'reject', reject) });
  const heading = indicatorName(record.indicator) + ' #' + record.id + ' · ' + record.town_name;
  item.element = h('article', { className: 'queue-item', 'data-record': String(record.id), 'aria-label': heading }, [
    h('h3', { text: heading }),
    h('p', { className: 'values', text: [
      t('observed_on') + ' ' + record.observed_on,
      t('submitted_by', { who: record.updated_by || record.created_by }),
      t('record_value') + ' ' + recordFigure(record),
    ].join(' · ') }),
    h('p', { className: 'values', text: valuePairs(record).map(([k, v]) => k + ' ' + v).join('；') }),
    h('p', { className: 'values' }, [t('flags') + '：', flagList(record.flags)]),
    h('div', { className: 'values evidence' }, [t('photos') + '：', photoStrip(record)]),
    h('div', { className: 'actions' }, [
      h('div', { className: 'field' }, [h('label', { for: reasonId, text: t('reason') }), item.reason]),
      approve, reject,
      h('button', { type: 'button', text: t('show_on_map'), onclick: () => showOnMap(record.id) }),
    ]),
    item.error,
  ]);
  return item.element;
}
