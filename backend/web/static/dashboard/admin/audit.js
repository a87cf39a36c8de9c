/* The audit log, filtered by actor, action and time, a page at a time. */
import { get, problemWithFields } from '../api.js';
import { h } from '../common.js';
import { config, query, t } from '../config.js';
import { $, table } from './forms.js';

const FILTERS = ['actor', 'action', 'from', 'to'];

function entryRow(entry) {
  return [new Date(entry.at).toLocaleString(config.lang, { timeZone: 'Asia/Shanghai' }), entry.actor, entry.action,
    entry.subject || '', entry.details ? JSON.stringify(entry.details) : ''];
}

function pager(page, pages, go) {
  $('audit-pager').replaceChildren(
    h('button', { type: 'button', text: t('previous'), disabled: page <= 1, onclick: () => go(page - 1) }),
    h('span', { text: ' ' + page + ' / ' + Math.max(pages, 1) + ' ' }),
    h('button', { type: 'button', text: t('next'), disabled: page >= pages, onclick: () => go(page + 1) }));
}

export async function auditPage() {
  const form = $('audit-filters');
  let page = 1;

  async function load() {
    const params = { page, per_page: 50 };
    FILTERS.forEach((name) => { params[name] = form.elements[name].value.trim(); });
    try {
      const answer = await get(config.urls.audit + query(params));
      $('audit-count').textContent = t('audit_total', { total: answer.total });
      table('audit-table', [t('audit_at'), t('audit_actor'), t('audit_action'), t('audit_subject'), t('audit_details')],
        answer.items.map(entryRow));
      pager(page, answer.pages, (n) => { page = n; load(); });
    } catch (error) {
      $('audit-count').textContent = problemWithFields(error);
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); page = 1; load(); });
  await load();
}
