/* My records: the newest records of the account's reach as the server has them, with their
 * review status, and a way to correct those the account may correct. */
import {clear, h} from '../dom.js';
import {indicatorName, t} from '../i18n.js';
import {online, render, screen} from '../nav.js';
import {getJSON} from '../session.js';
import {indicators, url} from '../settings.js';
import {can, remember} from '../state.js';
import {flagList, valueSummary} from './cards.js';

const FILTERS = ['', 'pending', 'rejected', 'approved'];

// The records list of the account's reach: its town, its county, or (city-wide) everything.
function listUrl(status) {
  const level = can('reachLevel');
  const reach = can('reach');
  const scope = level === 'town' ? 'town_code=' + reach : level === 'county' ? 'county_code=' + reach : '';
  const base = url('records');
  return base + (base.indexOf('?') >= 0 ? '&' : '?') + 'per_page=100' + (scope ? '&' + scope : '') +
    (status ? '&status=' + status : '');
}

// the list is in id order: the newest are on its last page
function newest(base) {
  return getJSON(base).then(function (first) {
    return first.pages > 1 ? getJSON(base + '&page=' + first.pages).then(function (last) {
      last.total = first.total;
      return last;
    }) : first;
  });
}

// May the account correct it? As domain/roles.py may_correct: a writer, and an approved
// record only with correctApproved.
function correctable(record) {
  if (!can('write')) { return false; }
  if (record.status === 'approved') { return !!can('correctApproved'); }
  return record.status === 'rejected' || record.status === 'pending';
}

function recordCard(record) {
  remember(record);
  const indicator = indicators()[record.indicator];
  return h('li', {class: 'card record', 'data-id': record.id, 'data-status': record.status}, [
    h('h3', null, indicatorName(indicator) || record.indicator),
    h('p', {class: 'meta'}, ['#' + record.id + ' · ' + record.observed_on + ' · ' + record.town_name]),
    h('p', {class: 'meta'}, valueSummary(indicator, record.values)),
    h('p', {class: 'badge status-' + record.status}, t('status_' + record.status)),
    record.status === 'rejected' && record.review_reason ? h('p', {class: 'reason'}, t('reject_reason', {reason: record.review_reason})) : null,
    flagList(record.flags),
    correctable(record) && indicator ? h('div', {class: 'row'},
      h('a', {class: 'btn', href: '#fix/' + record.id}, t('correct'))) : null
  ]);
}

function showPage(list, page) {
  clear(list);
  if (!page.items.length) { list.appendChild(h('p', null, t('mine_empty'))); return; }
  if (page.total > page.items.length) { list.appendChild(h('p', {class: 'hint'}, t('mine_more', {total: page.total, n: page.items.length}))); }
  list.appendChild(h('ul', {class: 'cards'}, page.items.slice().reverse().map(recordCard)));
}

export function screenMine(status) {
  const list = h('div', {class: 'mine', 'aria-live': 'polite'}, t('mine_loading'));
  const chips = h('div', {class: 'chips', role: 'group'}, FILTERS.map(function (s) {
    return h('a', {class: 'chip', href: '#mine' + (s ? '/' + s : ''), 'aria-current': (status || '') === s ? 'true' : null},
      t('status_' + (s || 'all')));
  }));
  screen(t('mine_title'), [chips, h('button', {type: 'button', class: 'btn secondary', onclick: function () { render(); }},
    t('refresh')), list]);
  if (!online()) { clear(list).appendChild(h('p', {class: 'warn'}, t('mine_offline'))); return; }
  newest(listUrl(status)).then(function (page) { showPage(list, page); }, function (error) {
    clear(list).appendChild(h('p', {class: 'error'}, String(error.message || error)));
  });
}
