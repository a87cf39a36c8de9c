/* The monthly progress chart (ECharts) and the same figures as a table, for screen
   readers and for anyone who wants the numbers rather than the picture. */
import { h } from './common.js';
import { number, t } from './config.js';
import { displayOf, indicatorName, isTotal, measure, unitName } from './indicators.js';

let chart = null;

// echarts.min.js is a classic script loaded with `defer` after the page's modules (page.html):
// ready once it has defined echarts.init. Its element's id is not "echarts": an element's id
// is also a global (named access), and window.echarts would be the <script> until it runs.
const echartsLoaded = new Promise((resolve) => {
  if (window.echarts && typeof window.echarts.init === 'function') resolve();
  else document.getElementById('echarts-library').addEventListener('load', resolve, { once: true });
});

function instance(element) {
  if (!chart) {
    chart = window.echarts.init(element, null, { renderer: 'canvas' });
    window.addEventListener('resize', () => chart.resize());
  }
  return chart;
}

/** The chart's series: the month's figure as bars, the cumulative one as a line up to the target. */
function series(indicator, rows, show, label) {
  const target = rows.length ? rows[0].target : null;
  return [
    {
      name: isTotal(indicator) ? t('monthly_added') : t('monthly_value'), type: 'bar',
      data: rows.map((row) => show(row.value)), itemStyle: { color: '#7fa7c9' },
    },
    {
      name: t('cumulative'), type: 'line', connectNulls: true,
      data: rows.map((row) => show(row.cum_value)), itemStyle: { color: indicator.colour || '#0b4f8a' },
      lineStyle: { width: 3 },
      markLine: target === null || target === undefined ? undefined : {
        symbol: 'none', silent: true, lineStyle: { color: '#a4262c', type: 'dashed' },
        label: { position: 'insideEndTop', formatter: t('target') + ' ' + label(show(target)) },
        data: [{ yAxis: show(target) }],
      },
    },
  ];
}

function drawChart(element, indicator, rows, months) {
  const display = displayOf(indicator);
  const show = (v) => (v === null || v === undefined ? null : +(v * display.scale).toFixed(display.digits + 1));
  const label = (v) => number(v, display.digits) + display.suffix;
  const unit = display.with_unit ? ' ' + unitName(indicator.unit) : '';
  instance(element).setOption({
    aria: { enabled: true }, // ECharts writes a description of the series for screen readers
    animation: false,
    title: { show: false },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : label(v) + unit) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', axisLabel: { formatter: label }, min: 0 },
    series: series(indicator, rows, show, label),
  }, true);
}

function drawTable(table, indicator, rows, months, name) {
  table.replaceChildren(
    h('caption', { className: 'visually-hidden', text: t('chart_label', { name }) }),
    h('thead', {}, [h('tr', {}, [
      h('th', { scope: 'col', text: t('month') }),
      h('th', { scope: 'col', className: 'num', text: isTotal(indicator) ? t('monthly_added') : t('monthly_value') }),
      h('th', { scope: 'col', className: 'num', text: t('cumulative') }),
      h('th', { scope: 'col', className: 'num', text: t('records_count') }),
    ])]),
    h('tbody', {}, rows.map((row) => h('tr', {}, [
      h('th', { scope: 'row', text: months[row.month - 1] }),
      h('td', { className: 'num', text: measure(indicator, row.value) }),
      h('td', { className: 'num', text: measure(indicator, row.cum_value) }),
      h('td', { className: 'num', text: number(row.records, 0) }),
    ]))),
  );
}

/** The monthly figures of an indicator as a chart and as a table. */
export async function renderMonthly(element, table, indicator, rows) {
  const months = rows.map((row) => t('month_n', { n: row.month }));
  const name = indicatorName(indicator.code);
  drawTable(table, indicator, rows, months, name);
  await echartsLoaded;
  drawChart(element, indicator, rows, months);
  element.setAttribute('aria-label', t('chart_label', { name }));
}
