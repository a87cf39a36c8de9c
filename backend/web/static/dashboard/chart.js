/* The monthly progress chart (ECharts) and the same figures as a table, for screen
   readers and for anyone who wants the numbers rather than the picture. */
'use strict';
(function (MZ) {
  let chart = null;

  // echarts.min.js is loaded with `defer` after this file; it is there by the time data is.
  function instance(element) {
    if (!chart) {
      chart = window.echarts.init(element, null, { renderer: 'canvas' });
      window.addEventListener('resize', () => chart.resize());
    }
    return chart;
  }

  /** A rate reads in percent (or as a coefficient), a total in mu. */
  function scale(indicator) {
    if (indicator.kind === 'total') return { factor: 1, suffix: '', digits: 1 };
    if (indicator.display === 'coefficient') return { factor: 1, suffix: '', digits: 3 };
    return { factor: 100, suffix: '%', digits: 1 };
  }

  MZ.renderMonthly = function (element, table, indicator, rows) {
    const s = scale(indicator);
    const show = (v) => (v === null || v === undefined ? null : +(v * s.factor).toFixed(s.digits + 1));
    const months = rows.map((row) => MZ.t('month_n', { n: row.month }));
    const target = rows.length ? rows[0].target : null;
    const isTotal = indicator.kind === 'total';
    const name = MZ.indicatorName(indicator.code);
    const unitLabel = isTotal ? MZ.t('unit_mu') : s.suffix;
    const option = {
      aria: { enabled: true }, // ECharts writes a description of the series for screen readers
      animation: false,
      title: { show: false },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : MZ.number(v, s.digits) + (isTotal ? ' ' : '') + unitLabel) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => MZ.number(v, s.digits) + s.suffix }, min: 0 },
      series: [
        {
          name: isTotal ? MZ.t('monthly_added') : MZ.t('monthly_value'), type: 'bar',
          data: rows.map((row) => show(row.value)), itemStyle: { color: '#7fa7c9' },
        },
        {
          name: MZ.t('cumulative'), type: 'line', connectNulls: true,
          data: rows.map((row) => show(row.cum_value)), itemStyle: { color: indicator.colour || '#0b4f8a' },
          lineStyle: { width: 3 },
          markLine: target === null || target === undefined ? undefined : {
            symbol: 'none', silent: true, lineStyle: { color: '#a4262c', type: 'dashed' },
            label: { position: 'insideEndTop', formatter: MZ.t('target') + ' ' + MZ.number(show(target), s.digits) + s.suffix },
            data: [{ yAxis: show(target) }],
          },
        },
      ],
    };
    instance(element).setOption(option, true);
    element.setAttribute('aria-label', MZ.t('chart_label', { name }));

    // the same numbers as a table
    table.replaceChildren(
      MZ.el('caption', { className: 'visually-hidden', text: MZ.t('chart_label', { name }) }),
      MZ.el('thead', {}, [MZ.el('tr', {}, [
        MZ.el('th', { scope: 'col', text: MZ.t('month') }),
        MZ.el('th', { scope: 'col', className: 'num', text: isTotal ? MZ.t('monthly_added') : MZ.t('monthly_value') }),
        MZ.el('th', { scope: 'col', className: 'num', text: MZ.t('cumulative') }),
        MZ.el('th', { scope: 'col', className: 'num', text: MZ.t('records_count') }),
      ])]),
      MZ.el('tbody', {}, rows.map((row) => MZ.el('tr', {}, [
        MZ.el('th', { scope: 'row', text: months[row.month - 1] }),
        MZ.el('td', { className: 'num', text: MZ.measure(indicator, row.value) }),
        MZ.el('td', { className: 'num', text: MZ.measure(indicator, row.cum_value) }),
        MZ.el('td', { className: 'num', text: MZ.number(row.records, 0) }),
      ]))),
    );
  };
}(window.MZ));
