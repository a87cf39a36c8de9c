/* The county dashboard: cards, map, indicator detail, review queue, records, downloads.
   Every figure comes from the service's API (summaries, records, review); this file only
   asks and draws. The view's state lives in the URL, so a reload or a shared link shows
   the same view. */
'use strict';
(function (MZ) {
  const config = MZ.config;
  const $ = (id) => document.getElementById(id);
  const unit = config.unit;
  // the window of the plan shown (config.plan): a total indicator counts over all of it
  const PLAN_YEARS = config.planWindow.map((day) => Number(day.slice(0, 4)));

  // the view the URL asked for, as the server checked it
  const state = Object.assign({ queuePage: 1, recordsPage: 1 }, config.view);

  let map = null;
  const loaded = {}; // latest request number per section: a slow old answer must not win

  /* ---------- helpers ---------- */

  function announce(text, isError) {
    const box = $('status-message');
    box.className = 'status-message' + (isError ? ' error' : '');
    box.textContent = text;
  }

  /** Runs a section's loader so that only the newest call draws, and failures show. */
  async function latest(section, work) {
    const ticket = (loaded[section] || 0) + 1;
    loaded[section] = ticket;
    try {
      await work(() => loaded[section] === ticket);
    } catch (error) {
      if (loaded[section] !== ticket) return;
      if (error.status === 401) {
        announce(MZ.t('session_expired'), true);
      } else {
        announce(MZ.t('load_failed', { what: MZ.t(section), detail: error.message }), true);
      }
      throw error;
    }
  }

  /** The records filter of the view, as GET /api/v1/records and the exports take it. */
  function recordFilter(extra) {
    const filter = {};
    if (unit.level === 'county') filter.county_code = unit.code;
    if (unit.level === 'town') filter.town_code = unit.code;
    if (state.town) filter.town_code = state.town;
    return Object.assign(filter, {
      year: state.year, indicator: state.indicator, status: state.status,
    }, extra || {});
  }

  const summaryStatus = () => (state.countPending ? 'all' : 'approved');
  const isTotal = (indicator) => indicator.kind === 'total';

  /** A view URL with some of the state changed; used for links that work without script. */
  function viewUrl(changes) {
    const next = Object.assign({}, state, changes || {});
    return window.location.pathname + MZ.query({
      unit: unit.code === config.user.unitCode ? '' : unit.code,
      year: next.year, town: next.town, indicator: next.indicator, status: next.status,
      count_pending: next.countPending ? '1' : '', detail: next.detail, plan: next.plan,
    });
  }

  function remember() {
    window.history.replaceState(null, '', viewUrl() + window.location.hash);
  }

  function townName(code) {
    const town = config.towns.find((t) => t.code === code);
    return town ? town.name : code;
  }

  function periodText(indicator) {
    return isTotal(indicator)
      ? MZ.t('plan_window', { from: PLAN_YEARS[0], to: PLAN_YEARS[1] })
      : MZ.t('year_n', { year: state.year });
  }

  /** A gap in the indicator's own terms: percentage points for a percentage, mu for area. */
  function gapText(indicator, gap) {
    if (gap === null || gap === undefined) return '';
    if (isTotal(indicator)) return MZ.t('gap_mu', { gap: MZ.number(gap, 1) });
    if (indicator.display === 'coefficient') return MZ.t('gap_plain', { gap: MZ.number(gap, 3) });
    return MZ.t('gap_points', { gap: MZ.number(gap * 100, 1) });
  }

  /* ---------- progress cards ---------- */

  async function loadCards() {
    await latest('progress', async (current) => {
      // rates for the chosen year; totals (new irrigated area) over the plan window, which
      // is what the plan's 9,700 mu counts. Both ask for every indicator, so that the
      // page's head can start them before the registry is known (see page.html).
      const [yearly, planWindow] = await Promise.all([
        MZ.get(config.urls.summaries + MZ.query({ unit: unit.code, year: state.year, status: summaryStatus() })),
        MZ.get(config.urls.summaries + MZ.query({ unit: unit.code, status: summaryStatus(), plan: state.plan })),
      ]);
      if (!current()) return;
      const byCode = {};
      yearly.items.forEach((item) => { if (!isTotal(MZ.indicatorByCode[item.indicator] || {})) byCode[item.indicator] = item; });
      planWindow.items.forEach((item) => { if (isTotal(MZ.indicatorByCode[item.indicator] || {})) byCode[item.indicator] = item; });
      $('cards').replaceChildren(...MZ.indicators.map((indicator) => card(indicator, byCode[indicator.code])));
      $('cards').setAttribute('aria-busy', 'false');
      $('progress-note').textContent = MZ.t('progress_note', {
        unit: unit.name, year: state.year, from: PLAN_YEARS[0], to: PLAN_YEARS[1],
        counted: state.countPending ? MZ.t('counted_all') : MZ.t('counted_approved'),
      });
    });
  }

  function card(indicator, item) {
    const value = item ? item.value : null;
    const target = item ? item.target : null;
    let reference = null; // a total without a target of the unit is measured against the city's
    if ((target === null || target === undefined) && isTotal(indicator)) {
      reference = indicator.default_target;
    }
    const goal = target !== null && target !== undefined ? target : reference;
    const share = value !== null && goal ? Math.max(0, Math.min(value / goal, 1)) : 0;
    const mood = value === null ? 'none' : item.met === true ? 'met' : item.met === false ? 'missed' : 'none';
    const badgeText = value === null ? MZ.t('no_data')
      : item.met === true ? MZ.t('met') : item.met === false ? MZ.t('missed') : MZ.t('no_target');
    const name = MZ.indicatorName(indicator.code);
    const headingId = 'card-' + indicator.code;
    const targetText = target !== null && target !== undefined
      ? MZ.t('target_is', { target: MZ.measure(indicator, target) })
      : reference ? MZ.t('target_city_only', { target: MZ.measure(indicator, reference) })
        : MZ.t('no_target');
    const percent = Math.round(share * 100);
    return MZ.el('article', {
      className: 'card ' + mood, 'aria-labelledby': headingId,
      'data-indicator': indicator.code, 'data-value': value === null ? '' : String(value),
      'data-target': goal === null || goal === undefined ? '' : String(goal),
      'data-met': item && item.met !== null ? String(item.met) : '',
    }, [
      MZ.el('h3', { id: headingId, text: name }),
      MZ.el('p', { className: 'figure', text: value === null ? MZ.t('no_data') : MZ.measure(indicator, value) }),
      MZ.el('p', { className: 'target' }, [
        value === null ? null : MZ.el('span', { className: 'badge ' + mood, text: badgeText }), ' ', targetText]),
      MZ.el('div', {
        className: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
        'aria-valuenow': String(percent), 'aria-label': MZ.t('progress_of', { name }),
        'aria-valuetext': value === null ? MZ.t('no_data')
          : goal ? MZ.t(reference ? 'share_of_city' : 'share_of_target', { percent }) : MZ.t('no_target'),
      }, [MZ.el('span', { style: 'width:' + (share * 100).toFixed(1) + '%' })]),
      value === null ? null : MZ.el('p', { className: 'facts', text: [
        goal ? MZ.t(reference ? 'share_of_city' : 'share_of_target', { percent }) : '',
        item.met === false ? gapText(indicator, item.gap) : '',
      ].filter(Boolean).join(' · ') }),
      MZ.el('p', { className: 'facts', text: MZ.t('card_facts', {
        period: periodText(indicator), records: item ? item.records : 0,
        reporting: item ? item.towns_reporting : 0, towns: item ? item.towns_total : 0,
      }) }),
      MZ.el('button', {
        type: 'button', className: 'more', 'aria-label': MZ.t('show_detail_of', { name }),
        text: MZ.t('show_detail'), onclick: () => { chooseDetail(indicator.code); $('detail-heading').scrollIntoView(); },
      }),
    ]);
  }

  /* ---------- map ---------- */

  async function loadOutline() {
    const outline = await MZ.get(config.urls.outline + MZ.query({ unit: unit.code }));
    map.setOutline(outline);
    return outline;
  }

  // the server sends at most a bounded number of points: when it left some out, the map
  // asks again for the records inside the view after each pan or zoom
  let mapFollowsView = false;
  let mapMoveTimer = null;

  async function loadMap(fitToRecords, inView) {
    await latest('map', async (current) => {
      const url = config.urls.records + MZ.query({
        unit: unit.code, town: state.town, year: state.year, indicator: state.indicator, status: state.status,
        bbox: inView ? map.bbox() : undefined,
      });
      const collection = await MZ.get(url);
      if (!current()) return;
      performance.mark('records-received');
      const drawn = map.setRecords(collection);
      if (!inView) mapFollowsView = drawn.truncated;
      const note = drawn.truncated ? 'map_note_truncated' : 'map_note';
      $('map-note').textContent = MZ.t(note, {
        points: MZ.number(drawn.points, 0), plots: MZ.number(drawn.plots, 0),
        matched: MZ.number(drawn.matched || 0, 0),
        where: state.town ? townName(state.town) : unit.name, year: state.year,
      });
      if (fitToRecords) map.fit(Boolean(state.town));
    });
  }

  function followView() {
    if (!mapFollowsView) return;
    clearTimeout(mapMoveTimer);
    mapMoveTimer = setTimeout(() => { loadMap(false, true).catch(() => {}); }, 300);
  }

  function legend() {
    const items = MZ.indicators.map((indicator) => MZ.el('li', {}, [
      MZ.el('span', { className: 'swatch', style: `background:${indicator.colour};border-color:${indicator.colour}`, 'aria-hidden': 'true' }),
      MZ.indicatorName(indicator.code),
    ]));
    [['approved', '#4a4a4a', '#4a4a4a'], ['pending', '#4a4a4a', '#ffffff'], ['rejected', '#6b6b6b', '#9e9e9e']]
      .forEach(([status, border, fill]) => items.push(MZ.el('li', {}, [
        MZ.el('span', { className: 'swatch', style: `background:${fill};border-color:${border}`, 'aria-hidden': 'true' }),
        MZ.t('legend_' + status),
      ])));
    $('legend').replaceChildren(...items);
  }

  /* ---------- indicator detail: monthly chart and lagging towns ---------- */

  function detailIndicator() {
    return MZ.indicatorByCode[state.detail] || MZ.indicatorByCode[state.indicator] || MZ.indicators[0];
  }

  function chooseDetail(code) {
    state.detail = code;
    $('detail-indicator').value = code;
    remember();
    loadDetail().catch(() => {});
  }

  async function loadDetail() {
    const indicator = detailIndicator();
    await Promise.all([
      latest('monthly', async (current) => {
        const data = await MZ.get(config.urls.monthly + MZ.query({
          indicator: indicator.code, year: state.year, unit: unit.code, status: summaryStatus(),
        }));
        if (!current()) return;
        await MZ.whenLoaded; // echarts.min.js is deferred behind this file
        MZ.renderMonthly($('chart'), $('monthly-table'), indicator, data.months);
      }),
      latest('lagging', async (current) => {
        const query = { indicator: indicator.code, unit: unit.code, status: summaryStatus() };
        if (isTotal(indicator)) query.plan = state.plan; else query.year = state.year;
        const data = await MZ.get(config.urls.lagging + MZ.query(query));
        if (!current()) return;
        renderLagging(indicator, data);
      }),
    ]);
    renderDownloads();
  }

  const LAGGING_COLUMNS = [
    { key: 'unit_name', label: 'town', type: 'text' },
    { key: 'situation', label: 'situation', type: 'text' },
    { key: 'value', label: 'value', type: 'number' },
    { key: 'target', label: 'target', type: 'number' },
    { key: 'gap', label: 'gap', type: 'number' },
    { key: 'records', label: 'records_count', type: 'number' },
    { key: 'submitted', label: 'submitted_count', type: 'number' },
  ];
  let laggingSort = { key: 'gap', direction: 'descending' };
  let laggingRows = [];
  let laggingIndicator = null;

  function renderLagging(indicator, data) {
    laggingIndicator = indicator;
    laggingRows = data.below_target.map((row) => Object.assign({ situation: MZ.t('situation_below') }, row))
      .concat(data.without_value.map((row) => Object.assign({ situation: MZ.t('situation_without_value') }, row)));
    $('lagging-note').textContent = MZ.t('lagging_note', {
      name: MZ.indicatorName(indicator.code), period: periodText(indicator),
      below: data.below_target.length, without: data.without_value.length,
      missing: data.not_reporting.length, towns: data.towns_total,
    });
    drawLaggingTable();
    const list = $('not-reporting');
    if (!data.not_reporting.length) {
      list.replaceChildren(MZ.el('li', { text: MZ.t('everyone_reports') }));
    } else {
      list.replaceChildren(...data.not_reporting.map((row) => MZ.el('li', {}, [townLink(row.unit_code, row.unit_name)])));
    }
  }

  function compare(a, b, column) {
    const x = a[column.key];
    const y = b[column.key];
    // empty values sort last whatever the direction: they are the least informative
    if (x === null || x === undefined) return (y === null || y === undefined) ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const order = column.type === 'number' ? x - y : String(x).localeCompare(String(y), MZ.config.lang);
    return laggingSort.direction === 'ascending' ? order : -order;
  }

  function drawLaggingTable() {
    const indicator = laggingIndicator;
    const column = LAGGING_COLUMNS.find((c) => c.key === laggingSort.key);
    const rows = laggingRows.slice().sort((a, b) => compare(a, b, column) || a.unit_code.localeCompare(b.unit_code));
    const head = MZ.el('tr', {}, LAGGING_COLUMNS.map((c) => MZ.el('th', {
      scope: 'col', className: c.type === 'number' ? 'num' : '',
      'aria-sort': c.key === laggingSort.key ? laggingSort.direction : 'none',
    }, [MZ.el('button', {
      type: 'button', className: 'sort', text: MZ.t(c.label),
      onclick: () => {
        laggingSort = {
          key: c.key,
          direction: laggingSort.key === c.key && laggingSort.direction === 'descending' ? 'ascending' : 'descending',
        };
        drawLaggingTable();
        // keep the keyboard where it was after the table is redrawn
        const again = $('lagging-table').querySelector(`th[data-key="${c.key}"] button`);
        if (again) again.focus();
      },
    })])));
    head.querySelectorAll('th').forEach((th, n) => th.setAttribute('data-key', LAGGING_COLUMNS[n].key));
    const body = rows.length ? rows.map((row) => MZ.el('tr', { 'data-town': row.unit_code }, [
      MZ.el('th', { scope: 'row' }, [townLink(row.unit_code, row.unit_name)]),
      MZ.el('td', { text: row.situation }),
      MZ.el('td', { className: 'num', text: MZ.measure(indicator, row.value) }),
      MZ.el('td', { className: 'num', text: MZ.measure(indicator, row.target) }),
      MZ.el('td', { className: 'num', text: row.gap === null ? '—' : MZ.measure(indicator, row.gap) }),
      MZ.el('td', { className: 'num', text: MZ.number(row.records, 0) }),
      MZ.el('td', { className: 'num', text: MZ.number(row.submitted, 0) }),
    ])) : [MZ.el('tr', {}, [MZ.el('td', { colspan: String(LAGGING_COLUMNS.length), text: MZ.t('no_lagging') })])];
    $('lagging-table').replaceChildren(
      MZ.el('caption', { className: 'visually-hidden', text: MZ.t('lagging_caption') }),
      MZ.el('thead', {}, [head]), MZ.el('tbody', {}, body),
    );
  }

  /** A link to a town's records: a real URL (works in a new tab), handled in place here. */
  function townLink(code, name) {
    return MZ.el('a', {
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
    remember();
    filtersChanged(['map', 'records'], true);
    $('records').scrollIntoView();
    $('records').focus({ preventScroll: true });
  }

  /* ---------- review queue ---------- */

  async function loadQueue() {
    if (!config.canReview) return;
    await latest('queue', async (current) => {
      const filter = recordFilter({ status: 'pending', year: '', indicator: '' });
      delete filter.town_code;
      if (unit.level === 'town') filter.town_code = unit.code;
      const page = await MZ.get(config.urls.recordList + MZ.query(Object.assign(filter, { page: state.queuePage, per_page: 20 })));
      if (!current()) return;
      if (page.items.length === 0 && state.queuePage > 1) { // the last one of a page was decided
        state.queuePage = page.pages || 1;
        return loadQueue();
      }
      $('queue-count').textContent = MZ.t('count_n', { n: MZ.number(page.total, 0) });
      $('queue-list').replaceChildren(...(page.items.length ? page.items.map(queueItem)
        : [MZ.el('p', { text: MZ.t('queue_empty') })]));
      pager($('queue-pager'), page, (n) => { state.queuePage = n; loadQueue().catch(() => {}); });
    });
  }

  function queueItem(record) {
    const reasonId = 'reason-' + record.id;
    const errorId = 'reason-error-' + record.id;
    const reason = MZ.el('input', { id: reasonId, type: 'text', maxlength: '500', 'aria-describedby': errorId });
    const error = MZ.el('p', { id: errorId, className: 'message error', role: 'alert' });
    const heading = MZ.indicatorName(record.indicator) + ' #' + record.id + ' · ' + record.town_name;
    const decide = async (decision, button) => {
      const text = reason.value.trim();
      error.textContent = '';
      reason.removeAttribute('aria-invalid');
      if (decision === 'reject' && !text) {
        error.textContent = MZ.t('reason_required');
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      item.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try {
        // If-Match: the decision is about the revision shown; a record corrected since is 412
        await MZ.post('/api/v1/records/' + record.id + '/review', { decision, reason: text || null },
          { 'If-Match': '"' + record.revision + '"' });
        announce(MZ.t(decision === 'approve' ? 'approved_n' : 'rejected_n', { id: record.id }));
        item.remove();
        // an approved record now counts: every figure that may include it is asked again;
        // the map (thousands of records) only restyles it where its filter still shows it
        const status = decision === 'approve' ? 'approved' : 'rejected';
        const mapKeeps = !state.status && map.setStatus(record.id, status);
        refreshAll(!mapKeeps);
      } catch (failure) {
        error.textContent = failure.message;
        item.querySelectorAll('button').forEach((b) => { b.disabled = false; });
        button.focus();
      }
    };
    const approve = MZ.el('button', { type: 'button', className: 'primary', text: MZ.t('approve'),
      'aria-label': MZ.t('approve_n', { id: record.id }), onclick: () => decide('approve', approve) });
    const reject = MZ.el('button', { type: 'button', className: 'danger', text: MZ.t('reject'),
      'aria-label': MZ.t('reject_n', { id: record.id }), onclick: () => decide('reject', reject) });
    const item = MZ.el('article', { className: 'queue-item', 'data-record': String(record.id), 'aria-label': heading }, [
      MZ.el('h3', { text: heading }),
      MZ.el('p', { className: 'values', text: [
        MZ.t('observed_on') + ' ' + record.observed_on,
        MZ.t('submitted_by', { who: record.updated_by || record.created_by }),
        MZ.t('record_value') + ' ' + MZ.recordFigure(record),
      ].join(' · ') }),
      MZ.el('p', { className: 'values', text: MZ.valuePairs(record).map(([k, v]) => k + ' ' + v).join('；') }),
      MZ.el('p', { className: 'values' }, [MZ.t('flags') + '：', MZ.flagList(record.flags)]),
      MZ.el('div', { className: 'values evidence' }, [MZ.t('photos') + '：', MZ.photoStrip(record)]),
      MZ.el('div', { className: 'actions' }, [
        MZ.el('div', { className: 'field' }, [MZ.el('label', { for: reasonId, text: MZ.t('reason') }), reason]),
        approve, reject,
        MZ.el('button', { type: 'button', text: MZ.t('show_on_map'), onclick: () => showOnMap(record.id) }),
      ]),
      error,
    ]);
    return item;
  }

  /* ---------- records table ---------- */

  async function loadRecords() {
    await latest('records', async (current) => {
      const page = await MZ.get(config.urls.recordList + MZ.query(Object.assign(recordFilter(), { page: state.recordsPage, per_page: 50 })));
      if (!current()) return;
      $('records-count').textContent = MZ.t('count_n', { n: MZ.number(page.total, 0) });
      $('records-note').textContent = MZ.t('records_note', {
        where: state.town ? townName(state.town) : unit.name, year: state.year,
        indicator: state.indicator ? MZ.indicatorName(state.indicator) : MZ.t('all_indicators'),
        status: state.status ? MZ.statusName(state.status) : MZ.t('all_statuses'),
      });
      const head = MZ.el('tr', {}, ['id', 'town', 'indicator', 'observed_on', 'status', 'record_value', 'flags', 'map']
        .map((key) => MZ.el('th', { scope: 'col', text: MZ.t('col_' + key) })));
      const rows = page.items.length ? page.items.map((record) => MZ.el('tr', { 'data-record': String(record.id) }, [
        MZ.el('td', { text: '#' + record.id }),
        MZ.el('td', { text: record.town_name }),
        MZ.el('td', { text: MZ.indicatorName(record.indicator) }),
        MZ.el('td', { text: record.observed_on }),
        MZ.el('td', { className: 'status status-' + record.status, text: MZ.statusName(record.status) }),
        MZ.el('td', { className: 'num', text: MZ.recordFigure(record) }),
        MZ.el('td', {}, [MZ.flagList(record.flags)]),
        MZ.el('td', {}, [MZ.el('button', {
          type: 'button', text: MZ.t('show_on_map'), 'aria-label': MZ.t('show_on_map_n', { id: record.id }),
          onclick: () => showOnMap(record.id),
        })]),
      ])) : [MZ.el('tr', {}, [MZ.el('td', { colspan: '8', text: MZ.t('no_records') })])];
      $('records-table').replaceChildren(
        MZ.el('caption', { className: 'visually-hidden', text: MZ.t('records') }),
        MZ.el('thead', {}, [head]), MZ.el('tbody', {}, rows),
      );
      pager($('records-pager'), page, (n) => { state.recordsPage = n; loadRecords().catch(() => {}); });
    });
  }

  function showOnMap(id) {
    $('map').scrollIntoView();
    if (!map.focus(id)) announce(MZ.t('not_on_map', { id }), true);
  }

  function pager(nav, page, go) {
    if (!page.pages || page.pages <= 1) { nav.replaceChildren(); return; }
    nav.replaceChildren(
      MZ.el('button', { type: 'button', text: MZ.t('previous'), disabled: page.page <= 1, onclick: () => go(page.page - 1) }),
      MZ.el('span', { text: MZ.t('page_of', { page: page.page, pages: page.pages }) }),
      MZ.el('button', { type: 'button', text: MZ.t('next'), disabled: page.page >= page.pages, onclick: () => go(page.page + 1) }),
    );
  }

  /* ---------- downloads ---------- */

  function downloadLink(href, label, description) {
    return MZ.el('a', { className: 'button', href, download: '', text: label, title: description, 'aria-label': description });
  }

  function renderDownloads() {
    const status = summaryStatus();
    const summaryLevels = unit.level === 'city' ? ['county', 'town'] : ['town'];
    const summaryLinks = [];
    summaryLevels.forEach((level) => ['csv', 'xlsx'].forEach((format) => {
      const label = MZ.t('summary_by_' + level) + ' ' + format.toUpperCase();
      summaryLinks.push(downloadLink(config.urls.summaries + MZ.query({
        level, unit: unit.code, year: state.year, status, format,
      }), label, MZ.t('download_summary_desc', { what: label, year: state.year })));
    }));
    const indicator = detailIndicator();
    if (indicator && unit.level !== 'town') {
      ['csv', 'xlsx'].forEach((format) => {
        const query = { indicator: indicator.code, unit: unit.code, status, format };
        if (isTotal(indicator)) query.plan = state.plan; else query.year = state.year;
        const label = MZ.t('lagging_of', { name: MZ.indicatorName(indicator.code) }) + ' ' + format.toUpperCase();
        summaryLinks.push(downloadLink(config.urls.lagging + MZ.query(query), label, label));
      });
    }
    $('summary-downloads').replaceChildren(...summaryLinks);

    // exports default to approved records; the map's "all statuses" is status=all there
    const filter = recordFilter({ status: state.status || 'all' });
    // every format the server has a writer for (config.exportFormats), in its order
    $('gis-downloads').replaceChildren(...config.exportFormats.map(({ format, label }) => exportButton(format, label, filter)));
  }

  /** A GIS download made as an export job: the link still works by itself (a new tab
      gets the file, or the job for a large one); a click here asks for the job, shows its
      progress, and fetches the file when the worker is done. */
  function exportButton(format, label, filter) {
    const params = Object.assign({ format }, filter);
    const link = downloadLink(config.urls.exports + MZ.query(params), label,
      MZ.t('download_gis_desc', { format: label }));
    const progress = MZ.el('progress', { max: '1', hidden: true, 'aria-label': label });
    const note = MZ.el('span', { className: 'note', 'aria-live': 'polite' });
    link.addEventListener('click', async (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      if (link.getAttribute('aria-busy') === 'true') return;
      link.setAttribute('aria-busy', 'true');
      progress.hidden = false;
      progress.removeAttribute('value');
      note.textContent = MZ.t('export_preparing');
      try {
        let job = await MZ.post(config.urls.exportJobs, params);
        while (job.state === 'queued' || job.state === 'running') {
          if (job.progress.fraction !== null) progress.value = job.progress.fraction;
          await new Promise((resolve) => { setTimeout(resolve, 1000); });
          job = await MZ.get(job.url);
        }
        if (job.state !== 'done') throw new Error(job.error || job.state);
        progress.value = 1;
        note.textContent = '';
        window.location.assign(job.file_url);
      } catch (error) {
        note.textContent = MZ.t('export_failed');
      } finally {
        link.removeAttribute('aria-busy');
        progress.hidden = true;
      }
    });
    return MZ.el('span', { className: 'export' }, [link, progress, note]);
  }

  /* ---------- filters ---------- */

  function fillFilters() {
    const years = [];
    const thisYear = new Date().getFullYear();
    for (let y = Math.max(thisYear, state.year); y >= Math.min(PLAN_YEARS[0], state.year); y -= 1) years.push(y);
    $('f-year').replaceChildren(...years.map((y) => MZ.el('option', { value: String(y), text: String(y), selected: y === state.year })));
    $('f-indicator').append(...MZ.indicators.map((i) => MZ.el('option', { value: i.code, text: MZ.indicatorName(i.code) })));
    $('f-indicator').value = state.indicator;
    $('detail-indicator').replaceChildren(...MZ.indicators.map((i) => MZ.el('option', { value: i.code, text: MZ.indicatorName(i.code) })));
    $('detail-indicator').value = detailIndicator().code;
    $('f-status').value = state.status;
    $('f-count-pending').checked = state.countPending;
    if ($('f-town')) $('f-town').value = state.town;

    $('f-year').addEventListener('change', (e) => {
      state.year = Number(e.target.value); state.recordsPage = 1;
      filtersChanged(['cards', 'map', 'detail', 'records']);
    });
    $('f-indicator').addEventListener('change', (e) => {
      state.indicator = e.target.value; state.recordsPage = 1;
      if (state.indicator) { state.detail = state.indicator; $('detail-indicator').value = state.indicator; }
      filtersChanged(state.indicator ? ['map', 'records', 'detail'] : ['map', 'records']);
    });
    $('f-status').addEventListener('change', (e) => {
      state.status = e.target.value; state.recordsPage = 1;
      filtersChanged(['map', 'records']);
    });
    $('f-count-pending').addEventListener('change', (e) => {
      state.countPending = e.target.checked;
      filtersChanged(['cards', 'detail']);
    });
    if ($('f-town')) {
      $('f-town').addEventListener('change', (e) => {
        state.town = e.target.value; state.recordsPage = 1;
        filtersChanged(['map', 'records'], true);
      });
    }
    // another unit is another page (the form's own GET): the server checks the account may
    // see it. A town of the old unit would not be in the new one.
    $('filters').addEventListener('submit', () => {
      if ($('f-unit') && $('f-unit').value !== unit.code && $('f-town')) $('f-town').value = '';
    });
    $('detail-indicator').addEventListener('change', (e) => chooseDetail(e.target.value));
  }

  function filtersChanged(sections, fitMap) {
    remember();
    const work = [];
    if (sections.includes('cards')) work.push(loadCards());
    if (sections.includes('map')) work.push(loadMap(Boolean(fitMap)));
    if (sections.includes('detail')) work.push(loadDetail());
    if (sections.includes('records')) work.push(loadRecords());
    renderDownloads();
    Promise.all(work).catch(() => {});
  }

  function refreshAll(withMap) {
    Promise.all([loadCards(), withMap ? loadMap(false) : null, loadDetail(), loadQueue(), loadRecords()])
      .catch(() => {});
  }

  /* ---------- start ---------- */

  // echarts.min.js is deferred after this file. Deferred scripts all run before
  // DOMContentLoaded, which therefore has not fired yet while this deferred file runs.
  MZ.whenLoaded = window.echarts ? Promise.resolve() : new Promise((resolve) => {
    document.addEventListener('DOMContentLoaded', resolve, { once: true });
  });

  async function start() {
    map = new MZ.RecordMap($('map'), config.basemap);
    map.loadRecord = (id) => MZ.get('/api/v1/records/' + id);
    // for the browser tests and anyone at the console: what Leaflet drew
    MZ.recordMap = map;
    window.dashboardMap = map.map;
    map.map.on('moveend', followView);

    // the outline and the registry do not depend on each other: ask for both at once
    const outline = loadOutline();
    MZ.setIndicators(await MZ.get(config.indicatorsUrl));
    fillFilters();
    legend();
    renderDownloads();
    await Promise.all([loadCards(), outline.then(() => loadMap(true))]);
    // cards and map are drawn: what the benchmark and the tests wait for
    performance.mark('dashboard-ready');
    window.dashboardReady = true;
    document.body.dataset.ready = 'true';
    await Promise.all([loadDetail(), loadQueue(), loadRecords()]);
    document.body.dataset.complete = 'true';
  }

  start().catch((error) => {
    if (!$('status-message').textContent) announce(MZ.t('load_failed', { what: MZ.t('title'), detail: error.message }), true);
  });
}(window.MZ));
