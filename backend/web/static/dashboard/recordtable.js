/* The records of the view as a table, a page at a time; each can be shown on the map. */
import { get } from './api.js';
import { h } from './common.js';
import { config, number, query, t } from './config.js';
import { indicatorName } from './indicators.js';
import { showOnMap } from './mapsection.js';
import { pager } from './pager.js';
import { flagList, recordFigure, statusName } from './records.js';
import { $, latest, recordFilter, state, townName, unit } from './view.js';

const COLUMNS = ['id', 'town', 'indicator', 'observed_on', 'status', 'record_value', 'flags', 'map'];

function row(record) {
  return h('tr', { 'data-record': String(record.id) }, [
    h('td', { text: '#' + record.id }),
    h('td', { text: record.town_name }),
    h('td', { text: indicatorName(record.indicator) }),
    h('td', { text: record.observed_on }),
    h('td', { className: 'status status-' + record.status, text: statusName(record.status) }),
    h('td', { className: 'num', text: recordFigure(record) }),
    h('td', {}, [flagList(record.flags)]),
    h('td', {}, [h('button', {
      type: 'button', text: t('show_on_map'), 'aria-label': t('show_on_map_n', { id: record.id }),
      onclick: () => showOnMap(record.id),
    })]),
  ]);
}

export async function loadRecords() {
  await latest('records', async (current) => {
    const page = await get(config.urls.recordList + query(Object.assign(recordFilter(), { page: state.recordsPage, per_page: 50 })));
    if (!current()) return;
    $('records-count').textContent = t('count_n', { n: number(page.total, 0) });
    $('records-note').textContent = t('records_note', {
      where: state.town ? townName(state.town) : unit.name, year: state.year,
      indicator: state.indicator ? indicatorName(state.indicator) : t('all_indicators'),
      status: state.status ? statusName(state.status) : t('all_statuses'),
    });
    const head = h('tr', {}, COLUMNS.map((key) => h('th', { scope: 'col', text: t('col_' + key) })));
    const rows = page.items.length ? page.items.map(row)
      : [h('tr', {}, [h('td', { colspan: String(COLUMNS.length), text: t('no_records') })])];
    $('records-table').replaceChildren(
      h('caption', { className: 'visually-hidden', text: t('records') }),
      h('thead', {}, [head]), h('tbody', {}, rows),
    );
    pager($('records-pager'), page, (n) => { state.recordsPage = n; loadRecords().catch(() => {}); });
  });
}
