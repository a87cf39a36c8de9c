/* The progress cards: one per indicator of the registry, its figure against its target. */
import { get } from './api.js';
import { h } from './common.js';
import { config, query, t } from './config.js';
import { chooseDetail } from './detail.js';
import { gapText, indicatorName, indicators, indicatorByCode, isTotal, measure } from './indicators.js';
import { $, PLAN_YEARS, latest, periodText, state, summaryStatus, unit } from './view.js';

export async function loadCards() {
  await latest('progress', async (current) => {
    // rates for the chosen year; totals (new irrigated area) over the plan window, which
    // is what the plan's 9,700 mu counts. Both ask for every indicator, so that the
    // page's head can start them before the registry is known (see page.html).
    const [yearly, planWindow] = await Promise.all([
      get(config.urls.summaries + query({ unit: unit.code, year: state.year, status: summaryStatus() })),
      get(config.urls.summaries + query({ unit: unit.code, status: summaryStatus(), plan: state.plan })),
    ]);
    if (!current()) return;
    const byCode = {};
    yearly.items.forEach((item) => { if (!isTotal(indicatorByCode[item.indicator] || {})) byCode[item.indicator] = item; });
    planWindow.items.forEach((item) => { if (isTotal(indicatorByCode[item.indicator] || {})) byCode[item.indicator] = item; });
    $('cards').replaceChildren(...indicators.map((indicator) => card(indicator, byCode[indicator.code])));
    $('cards').setAttribute('aria-busy', 'false');
    $('progress-note').textContent = t('progress_note', {
      unit: unit.name, year: state.year, from: PLAN_YEARS[0], to: PLAN_YEARS[1],
      counted: state.countPending ? t('counted_all') : t('counted_approved'),
    });
  });
}

/** A card's figures: the value, the goal it is measured against, how far it got. */
function standing(indicator, item) {
  const value = item ? item.value : null;
  const target = item ? item.target : null;
  const hasTarget = target !== null && target !== undefined;
  // a total without a target of the unit is measured against the city's
  const reference = !hasTarget && isTotal(indicator) ? indicator.default_target : null;
  const goal = hasTarget ? target : reference;
  const share = value !== null && goal ? Math.max(0, Math.min(value / goal, 1)) : 0;
  const met = value === null ? null : item.met;
  return {
    value, target, hasTarget, reference, goal, share, percent: Math.round(share * 100),
    mood: met === true ? 'met' : met === false ? 'missed' : 'none',
    badge: value === null ? t('no_data') : met === true ? t('met') : met === false ? t('missed') : t('no_target'),
    shareText: goal ? t(reference ? 'share_of_city' : 'share_of_target', { percent: Math.round(share * 100) }) : '',
  };
}

function targetText(indicator, s) {
  if (s.hasTarget) return t('target_is', { target: measure(indicator, s.target) });
  return s.reference ? t('target_city_only', { target: measure(indicator, s.reference) }) : t('no_target');
}

function progressBar(s, name) {
  return h('div', {
    className: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-valuenow': String(s.percent), 'aria-label': t('progress_of', { name }),
    'aria-valuetext': s.value === null ? t('no_data') : s.shareText || t('no_target'),
  }, [h('span', { style: 'width:' + (s.share * 100).toFixed(1) + '%' })]);
}

function card(indicator, item) {
  const s = standing(indicator, item);
  const name = indicatorName(indicator.code);
  const headingId = 'card-' + indicator.code;
  return h('article', {
    className: 'card ' + s.mood, 'aria-labelledby': headingId,
    'data-indicator': indicator.code, 'data-value': s.value === null ? '' : String(s.value),
    'data-target': s.goal === null || s.goal === undefined ? '' : String(s.goal),
    'data-met': item && item.met !== null ? String(item.met) : '',
  }, [
    h('h3', { id: headingId, text: name }),
    h('p', { className: 'figure', text: s.value === null ? t('no_data') : measure(indicator, s.value) }),
    h('p', { className: 'target' }, [
      s.value === null ? null : h('span', { className: 'badge ' + s.mood, text: s.badge }), ' ', targetText(indicator, s)]),
    progressBar(s, name),
    s.value === null ? null : h('p', { className: 'facts', text: [
      s.shareText, item.met === false ? gapText(indicator, item.gap) : '',
    ].filter(Boolean).join(' · ') }),
    h('p', { className: 'facts', text: t('card_facts', {
      period: periodText(indicator), records: item ? item.records : 0,
      reporting: item ? item.towns_reporting : 0, towns: item ? item.towns_total : 0,
    }) }),
    h('button', {
      type: 'button', className: 'more', 'aria-label': t('show_detail_of', { name }),
      text: t('show_detail'), onclick: () => { chooseDetail(indicator.code); $('detail-heading').scrollIntoView(); },
    }),
  ]);
}
