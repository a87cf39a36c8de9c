/* The detail of one indicator: its monthly chart and the towns lagging behind. */
import { get } from './api.js';
import { renderMonthly } from './chart.js';
import { config, query } from './config.js';
import { indicatorByCode, indicators, isTotal } from './indicators.js';
import { renderLagging } from './lagging.js';
import { $, latest, load, remember, state, summaryStatus, unit } from './view.js';

export function detailIndicator() {
  return indicatorByCode[state.detail] || indicatorByCode[state.indicator] || indicators[0];
}

export function chooseDetail(code) {
  state.detail = code;
  $('detail-indicator').value = code;
  remember();
  loadDetail().catch(() => {});
}

/** The query of a figure of the indicator: a total counts over the plan, a rate by year. */
export function periodQuery(indicator, params) {
  return Object.assign(params, isTotal(indicator) ? { plan: state.plan } : { year: state.year });
}

export async function loadDetail() {
  const indicator = detailIndicator();
  await Promise.all([
    latest('monthly', async (current) => {
      const data = await get(config.urls.monthly + query({
        indicator: indicator.code, year: state.year, unit: unit.code, status: summaryStatus(),
      }));
      if (!current()) return;
      await renderMonthly($('chart'), $('monthly-table'), indicator, data.months);
    }),
    latest('lagging', async (current) => {
      const params = periodQuery(indicator, { indicator: indicator.code, unit: unit.code, status: summaryStatus() });
      const data = await get(config.urls.lagging + query(params));
      if (!current()) return;
      renderLagging(indicator, data);
    }),
  ]);
  await load(['downloads']);
}
