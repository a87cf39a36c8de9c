/* How a record reads for people: its indicator's name, values with units, status and
   flags (worded by static/common/flags.js). The map's popups, the review queue and the
   records table share these. */
import { flags as flagWords, h } from './common.js';
import { hasWord, number, t } from './config.js';
import { fieldName, indicatorByCode, indicatorName, isTotal, measure, unitName } from './indicators.js';

export const statusName = (status) => t('status_' + status);
/** A choice (livestock, method, technology) in words; a choice the page has no word for
    (one added to the registry later) shows as its code. */
export const choiceName = (value) => (hasWord('choice_' + value) ? t('choice_' + value) : value);

function valueText(field, value) {
  if (typeof value === 'number') return number(value, 3) + (field.unit ? ' ' + unitName(field.unit) : '');
  if (typeof value === 'object') return Object.keys(value).map((part) => part + ' ' + number(value[part], 3)).join(', ');
  if (field.kind === 'choice') return choiceName(value);
  return String(value);
}

/** The values of a record as [label, text] pairs, in the registry's field order. */
export function valuePairs(record) {
  const indicator = indicatorByCode[record.indicator];
  const values = record.values || {};
  const fields = indicator ? indicator.fields : Object.keys(values).map((name) => ({ name }));
  return fields.filter((field) => values[field.name] !== undefined && values[field.name] !== null)
    .map((field) => [indicator ? fieldName(field) : field.name, valueText(field, values[field.name])]);
}

export function flagList(flags) {
  if (!flags || !flags.length) return h('span', { text: t('no_flags') });
  return h('span', {}, flags.map((flag) => h('span', { className: 'flag', text: flagWords.text(flag) })));
}

/** The record's photos as thumbnails; each opens the original, full size, in a new tab. */
export function photoStrip(record) {
  const photos = record.attachments || [];
  if (!photos.length) return h('span', { text: t('no_photos') });
  return h('span', { className: 'photos' }, photos.map((photo, index) => h('a', {
    href: photo.url, target: '_blank', rel: 'noopener', 'aria-label': t('photo_open', { n: index + 1 }),
  }, [h('img', { src: photo.thumbnail_url, alt: '', loading: 'lazy', className: 'photo-thumb' })])));
}

/** The record's own figure, numerator over denominator, as its indicator measures it. */
export function recordFigure(record) {
  const indicator = indicatorByCode[record.indicator];
  if (!indicator) return '';
  if (isTotal(indicator)) return measure(indicator, record.numerator);
  return record.denominator ? measure(indicator, record.numerator / record.denominator) : '—';
}

/** A definition list describing a record: the popup's content. */
export function describeRecord(record) {
  const rows = [
    [t('town'), record.town_name + ' (' + record.town_code + ')'],
    [t('observed_on'), record.observed_on],
    [t('status'), statusName(record.status)],
    [t('record_value'), recordFigure(record)],
  ].concat(valuePairs(record));
  if (record.computed_area_mu !== null && record.computed_area_mu !== undefined) {
    rows.push([t('computed_area'), number(record.computed_area_mu, 2) + ' ' + t('unit_mu')]);
  }
  const list = h('dl');
  rows.forEach(([label, text]) => list.append(h('dt', { text: label }), h('dd', { text })));
  list.append(h('dt', { text: t('flags') }), h('dd', {}, [flagList(record.flags)]));
  return h('div', { className: 'popup' }, [h('h3', { text: indicatorName(record.indicator) + ' #' + record.id }), list]);
}
