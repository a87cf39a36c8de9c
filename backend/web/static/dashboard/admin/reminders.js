/* The weekly reminders: towns that reported nothing in the period, records waiting for
   review too long; the same as a workbook. */
import { get } from '../api.js';
import { config, query, t } from '../config.js';
import { $, table } from './forms.js';

export async function remindersPage() {
  const period = $('reminder-period');
  async function load() {
    $('reminder-xlsx').href = config.urls.reminders + query({ period: period.value, format: 'xlsx' });
    const answer = await get(config.urls.reminders + query({ period: period.value }));
    $('status-message').textContent = t('reminder_summary', { label: answer.period_label, from: answer.date_from,
      to: answer.date_to, silent: answer.silent_towns.length, overdue: answer.overdue_total,
      days: answer.review_reminder_days });
    table('silent-table', [t('town'), ''], answer.silent_towns.map((town) => [town.town_name + ' ' + town.town_code,
      town.county_name || '']));
    table('overdue-table', [t('reminder_record'), t('town'), t('indicator'), t('reminder_days')],
      answer.overdue_reviews.map((r) => [String(r.id), r.town_name, r.indicator, String(r.days_waiting)]));
  }
  period.addEventListener('change', load);
  await load();
}
