/* The filters above the page: year, town, indicator, status, counting pending records.
   A change applies at once (and is kept in the URL); another unit is another page, asked
   with the form's own GET so that the server checks the account may see it. */
import { h } from './common.js';
import { chooseDetail, detailIndicator } from './detail.js';
import { indicatorName, indicators } from './indicators.js';
import { $, PLAN_YEARS, changed, state, unit } from './view.js';

function options(list) {
  return list.map((indicator) => h('option', { value: indicator.code, text: indicatorName(indicator.code) }));
}

/** The controls show the view the page starts from. */
function fill() {
  const years = [];
  const thisYear = new Date().getFullYear();
  for (let y = Math.max(thisYear, state.year); y >= Math.min(PLAN_YEARS[0], state.year); y -= 1) years.push(y);
  $('f-year').replaceChildren(...years.map((y) => h('option', { value: String(y), text: String(y), selected: y === state.year })));
  $('f-indicator').append(...options(indicators));
  $('f-indicator').value = state.indicator;
  $('detail-indicator').replaceChildren(...options(indicators));
  $('detail-indicator').value = detailIndicator().code;
  $('f-status').value = state.status;
  $('f-count-pending').checked = state.countPending;
  if ($('f-town')) $('f-town').value = state.town;
}

/** On a change of `id`: update the view from the control, then load what it concerns. */
function when(id, update) {
  const control = $(id);
  if (control) control.addEventListener('change', (event) => update(event.target));
}

export function setUpFilters() {
  fill();
  when('f-year', (control) => {
    state.year = Number(control.value); state.recordsPage = 1;
    changed(['cards', 'map', 'detail', 'records']);
  });
  when('f-indicator', (control) => {
    state.indicator = control.value; state.recordsPage = 1;
    if (state.indicator) { state.detail = state.indicator; $('detail-indicator').value = state.indicator; }
    changed(state.indicator ? ['map', 'records', 'detail'] : ['map', 'records']);
  });
  when('f-status', (control) => {
    state.status = control.value; state.recordsPage = 1;
    changed(['map', 'records']);
  });
  when('f-count-pending', (control) => {
    state.countPending = control.checked;
    changed(['cards', 'detail']);
  });
  when('f-town', (control) => {
    state.town = control.value; state.recordsPage = 1;
    changed(['map', 'records'], { fitMap: true });
  });
  // a town of the old unit would not be in the new one
  $('filters').addEventListener('submit', () => {
    if ($('f-unit') && $('f-unit').value !== unit.code && $('f-town')) $('f-town').value = '';
  });
  when('detail-indicator', (control) => chooseDetail(control.value));
}
