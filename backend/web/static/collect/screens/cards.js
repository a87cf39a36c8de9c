/* Bits of the outbox's and the records' cards: a record's values in a line, its flags, the
 * server's messages about it. */
import {h} from '../dom.js';
import {choiceLabel, describe, fieldLabel, flagText, pathLabel, t, unitLabel} from '../i18n.js';

export function valueSummary(indicator, values) {
  if (!indicator || !values) { return ''; }
  return indicator.fields.filter(function (f) {
    return values[f.name] !== undefined && f.kind !== 'breakdown';
  }).slice(0, 3).map(function (f) {
    const v = values[f.name];
    const shown = f.kind === 'choice' ? choiceLabel(v) : String(v) + (f.unit ? ' ' + unitLabel(f.unit) : '');
    return fieldLabel(indicator, f.name) + ' ' + shown;
  }).join('，');
}

export function shownValue(v) {
  if (v === null || v === undefined) { return '—'; }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function errorList(indicator, errors) {
  return h('ul', {class: 'errors'}, Object.keys(errors || {}).map(function (path) {
    const messages = [].concat(errors[path]).map(function (m) { return describe(m, indicator); });
    const where = path === '_schema' ? '' : pathLabel(indicator, path) + '：';
    return h('li', null, where + messages.join(' '));
  }));
}

// the server's flags of a record (common/flags.js words them)
export function flagList(flags) {
  if (!flags || !flags.length) { return null; }
  return h('p', {class: 'hint'}, t('flags') + ' ' + flags.map(flagText).join('；'));
}
