/* The indicator registry on the page (GET /api/v1/indicators) and how its values read:
   names, units, and a value as its `display` says (config.displays, from
   domain/indicators.py: a rate in percent or as a coefficient, a total in its unit). */
import { config, hasWord, number, t } from './config.js';

// Okabe–Ito colours: told apart by people with the common colour-vision deficiencies.
// An indicator gets its colour by its place in the registry, so a new one needs no edit.
// (black, Okabe–Ito's eighth, is left out: the legend uses dark grey for the statuses)
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255', '#6b4c00'];

export const indicators = []; // the registry, in its order
export const indicatorByCode = {};

export function setIndicators(list) {
  indicators.splice(0, indicators.length, ...list);
  Object.keys(indicatorByCode).forEach((code) => { delete indicatorByCode[code]; });
  list.forEach((indicator, index) => {
    indicator.colour = PALETTE[index % PALETTE.length];
    indicatorByCode[indicator.code] = indicator;
  });
}

const zh = () => config.lang === 'zh-CN';
export function indicatorName(code) {
  const indicator = indicatorByCode[code];
  if (!indicator) return code;
  return zh() ? indicator.name_zh : indicator.name_en;
}
export const fieldName = (field) => (zh() ? field.name_zh : field.name_en) || field.name;
export const unitName = (unit) => (unit && hasWord('unit_' + unit) ? t('unit_' + unit) : unit || '');
export const isTotal = (indicator) => indicator.kind === 'total';

/** How the indicator's values read: scale, decimals, suffix (an unknown one: a percentage). */
export function displayOf(indicator) {
  return config.displays[indicator && indicator.display] || config.displays.percent;
}

/** A value of the indicator in its own terms: 90.9%, 0.535, 9,700 亩 (the API keeps fractions). */
export function measure(indicator, value) {
  if (value === null || value === undefined) return '—';
  const display = displayOf(indicator);
  const text = number(value * display.scale, display.digits, display.fixed) + display.suffix;
  return display.with_unit ? text + ' ' + unitName(indicator.unit) : text;
}

/** A gap in the indicator's own terms: percentage points for a percentage, mu for area. */
export function gapText(indicator, gap) {
  if (gap === null || gap === undefined) return '';
  const display = displayOf(indicator);
  return t('gap_' + indicator.display, { gap: number(gap * display.scale, display.digits), unit: unitName(indicator.unit) });
}

/** A value field's Chinese name, by the field's name (null: no indicator has it). */
export function fieldNamed(name) {
  for (const indicator of indicators) {
    const field = (indicator.fields || []).find((candidate) => candidate.name === name);
    if (field) return field.name_zh || null;
  }
  return null;
}
