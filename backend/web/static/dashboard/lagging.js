/* The towns lagging behind on one indicator: a table sortable by any column, and the
   towns that report nothing; each town links to its records. */
import { h } from './common.js';
import { config, number, t } from './config.js';
import { indicatorName, measure } from './indicators.js';
import { $, changed, periodText, state, viewUrl } from './view.js';

const COLUMNS = [
  { key: 'unit_name', label: 'town', type: 'text' },
  { key: 'situation', label: 'situation', type: 'text' },
  { key: 'value', label: 'value', type: 'number' },
  { key: 'target', label: 'target', type: 'number' },
  { key: 'gap', label: 'gap', type: 'number' },
  { key: 'records', label: 'records_count', type: 'number' },
  { key: 'submitted', label: 'submitted_count', type: 'number' },
];
let sort = { key: 'gap', direction: 'descending' };
let rows = [];
let shownIndicator = null;

export function renderLagging(indicator, data) {
  shownIndicator = indicator;
  rows = data.below_target.map((row) => Object.assign({ situation: t('situation_below') }, row))
    .concat(data.without_value.map((row) => Object.assign({ situation: t('situation_without_value') }, row)));
  $('lagging-note').textContent = t('lagging_note', {
    name: indicatorName(indicator.code), period: periodText(indicator),
    below: data.below_target.length, without: data.without_value.length,
    missing: data.not_reporting.length, towns: data.towns_total,
  });
  drawTable();
  const list = $('not-reporting');
  if (!data.not_reporting.length) {
    list.replaceChildren(h('li', { text: t('everyone_reports') }));
  } else {
    list.replaceChildren(...data.not_reporting.map((row) => h('li', {}, [townLink(row.unit_code, row.unit_name)])));
  }
}

function compare(a, b, column) {
  const x = a[column.key];
  const y = b[column.key];
  // empty values sort last whatever the direction: they are the least informative
  if (x === null || x === undefined) return (y === null || y === undefined) ? 0 : 1;
  if (y === null || y === undefined) return -1;
  const order = column.type === 'number' ? x - y : String(x).localeCompare(String(y), config.lang);
  return sort.direction === 'ascending' ? order : -order;
}

function sortBy(column) {
  sort = {
    key: column.key,
    direction: sort.key === column.key && sort.direction === 'descending' ? 'ascending' : 'descending',
  };
  drawTable();
  // keep the keyboard where it was after the table is redrawn
  const again = $('lagging-table').querySelector(`th[data-key="${column.key}"] button`);
  if (again) again.focus();
}

function headRow() {
  return h('tr', {}, COLUMNS.map((column) => h('th', {
    scope: 'col', className: column.type === 'number' ? 'num' : '', 'data-key': column.key,
    'aria-sort': column.key === sort.key ? sort.direction : 'none',
  }, [h('button', { type: 'button', className: 'sort', text: t(column.label), onclick: () => sortBy(column) })])));
}

function bodyRow(indicator, row) {
  return h('tr', { 'data-town': row.unit_code }, [
    h('th', { scope: 'row' }, [townLink(row.unit_code, row.unit_name)]),
    h('td', { text: row.situation }),
    h('td', { className: 'num', text: measure(indicator, row.value) }),
    h('td', { className: 'num', text: measure(indicator, row.target) }),
    h('td', { className: 'num', text: row.gap === null ? '—' : measure(indicator, row.gap) }),
    h('td', { className: 'num', text: number(row.records, 0) }),
    h('td', { className: 'num', text: number(row.submitted, 0) }),
  ]);
}

function drawTable() {
  const column = COLUMNS.find((c) => c.key === sort.key);
  const sorted = rows.slice().sort((a, b) => compare(a, b, column) || a.unit_code.localeCompare(b.unit_code));
  const body = sorted.length ? sorted.map((row) => bodyRow(shownIndicator, row))
    : [h('tr', {}, [h('td', { colspan: String(COLUMNS.length), text: t('no_lagging') })])];
  $('lagging-table').replaceChildren(
    h('caption', { className: 'visually-hidden', text: t('lagging_caption') }),
    h('thead', {}, [headRow()]), h('tbody', {}, body),
  );
}

/** A link to a town's records: a real URL (works in a new tab), handled in place here. */
export function townLink(code, name) {
  return h('a', {
    href: viewUrl({ town: code }) + '#records', text: name, 'data-town': code,
    onclick: (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      showTown(code);
    },
  });
}

function showTown(code) {
  state.town = code;
  if ($('f-town')) $('f-town').value = code;
  state.recordsPage = 1;
  changed(['map', 'records'], { fitMap: true });
  $('records').scrollIntoView();
  $('records').focus({ preventScroll: true });
}
