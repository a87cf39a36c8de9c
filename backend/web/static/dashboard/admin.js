/* The administration pages: accounts, one's own password, plans and targets, town
   boundaries, the audit log, reminders. Each page is a shell the server rendered for the
   roles that may use it (backend/web/admin.py); this file fills it from the API and
   sends what the user enters to the API, which checks every rule again. */
'use strict';
(function (MZ) {
  const config = MZ.config;
  const $ = (id) => document.getElementById(id);
  const el = MZ.el;

  function say(box, text, isError) {
    box.className = 'message' + (isError ? ' error' : ' ok');
    box.textContent = text;
  }

  /** A problem's detail, with the fields it names. */
  function problemText(error) {
    const problem = error.problem || {};
    const fields = problem.errors ? Object.keys(problem.errors).map((k) => k + ': ' + problem.errors[k].join(' ')) : [];
    return [error.message].concat(fields).join(' — ');
  }

  function table(id, headers, rows) {
    const head = el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))]);
    const body = el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, [c])))));
    const target = $(id);
    target.className = 'admin-table';
    target.replaceChildren(head, body);
  }

  /** Sends a body that is not JSON (an XLSX workbook) with the session's CSRF token. */
  async function sendFile(method, url, file, type) {
    const response = await fetch(url, {
      method, credentials: 'same-origin', body: file,
      headers: { Accept: 'application/json', 'Content-Type': type, 'X-CSRF-Token': config.csrf || '' },
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new MZ.ApiError(response.status, data);
    return data;
  }

  /* ---------- one's own password ---------- */

  function passwordPage() {
    const form = $('password-form');
    const message = $('password-message');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const current = form.elements.current.value;
      const next = form.elements.new.value;
      if (next !== form.elements.again.value) return say(message, MZ.t('password_mismatch'), true);
      try {
        await MZ.post('/api/v1/auth/password', { current_password: current, new_password: next });
        say(message, MZ.t('password_saved'));
        if (config.mustChange) window.location.href = config.next;
      } catch (error) {
        say(message, problemText(error), true);
      }
    });
    form.elements.current.focus();
  }

  /* ---------- accounts ---------- */

  async function accountsPage() {
    const isReviewer = config.user.role === 'county_reviewer';
    const units = await MZ.get('/api/v1/units' + (isReviewer ? MZ.query({ parent_code: config.user.unitCode }) : ''));
    const unitName = {};
    units.forEach((u) => { unitName[u.code] = u.name; });
    const roleSelect = $('acc-role');
    const unitSelect = $('acc-unit');
    const levelOfRole = { town_officer: 'town', county_reviewer: 'county', city_admin: 'city', analyst: 'city' };

    function fillUnits() {
      const level = levelOfRole[roleSelect.value];
      unitSelect.replaceChildren(...units.filter((u) => u.level === level)
        .map((u) => el('option', { value: u.code, text: u.name + ' ' + u.code })));
    }
    roleSelect.addEventListener('change', fillUnits);
    fillUnits();

    async function load() {
      const accounts = await MZ.get('/api/v1/users');
      table('accounts-table', [MZ.t('username'), MZ.t('account_role'), MZ.t('account_unit'), MZ.t('account_active'),
        MZ.t('account_actions')], accounts.map((account) => [
        account.username, MZ.t('role_' + account.role), account.unit_name || account.unit_code,
        (account.active ? MZ.t('account_enabled') : MZ.t('account_disabled'))
          + (account.must_change_password ? ' · ' + MZ.t('account_must_change') : ''),
        account.username === config.user.username ? '' : el('span', { className: 'actions' }, [
          el('button', { type: 'button', 'data-reset': account.username, text: MZ.t('account_reset'),
            onclick: () => reset(account.username) }),
          el('button', { type: 'button', 'data-toggle': account.username,
            text: account.active ? MZ.t('account_deactivate') : MZ.t('account_activate'),
            onclick: () => toggle(account) }),
        ]),
      ]));
    }

    async function reset(username) {
      const box = $('reset-result');
      try {
        const answer = await MZ.post('/api/v1/users/' + encodeURIComponent(username) + '/password-reset');
        box.className = 'message ok';
        box.replaceChildren(MZ.t('account_reset_done', { username }),
          el('strong', { className: 'temporary-password', id: 'temporary-password', text: answer.temporary_password }));
        await load();
      } catch (error) {
        say(box, problemText(error), true);
      }
    }

    async function toggle(account) {
      try {
        await MZ.request('PATCH', '/api/v1/users/' + encodeURIComponent(account.username), { active: !account.active });
        await load();
      } catch (error) {
        say($('reset-result'), problemText(error), true);
      }
    }

    const form = $('account-form');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { username: form.elements.username.value.trim(), password: form.elements.password.value,
        role: roleSelect.value, unit_code: unitSelect.value };
      try {
        await MZ.post('/api/v1/users', body);
        say($('account-message'), MZ.t('account_created', { username: body.username }));
        form.reset();
        fillUnits();
        await load();
      } catch (error) {
        say($('account-message'), problemText(error), true);
      }
    });
    await load();
  }

  /* ---------- plans and targets ---------- */

  async function plansPage() {
    const form = $('plan-form');
    const indicators = config.indicators;
    let others = []; // targets the form does not edit (per unit or per year): kept as they are
    const asShown = (indicator, value) => (indicator.percent ? Math.round(value * 100000) / 1000 : value);
    const asStored = (indicator, value) => (indicator.percent ? value / 100 : value);

    $('plan-targets').append(...indicators.map((indicator) => el('div', { className: 'target-row' }, [
      el('label', { for: 'target-' + indicator.code, text: indicator.name }),
      el('input', { id: 'target-' + indicator.code, name: indicator.code, type: 'number', step: 'any', min: '0' }),
      el('span', { text: indicator.percent ? '%' : indicator.kind === 'rate' ? '' : indicator.unit }),
    ])));

    function show(plan) {
      form.elements.code.value = plan ? plan.code : '';
      form.elements.name.value = plan ? plan.name : '';
      form.elements.starts_on.value = plan ? plan.starts_on : '';
      form.elements.ends_on.value = plan ? plan.ends_on : '';
      const targets = plan ? plan.targets : [];
      others = targets.filter((t) => t.unit_code !== '441400' || t.year !== null);
      indicators.forEach((indicator) => {
        const found = targets.find((t) => t.indicator === indicator.code && t.unit_code === '441400' && t.year === null);
        form.elements[indicator.code].value = found ? asShown(indicator, found.value) : '';
      });
      $('plan-other-targets').textContent = others.length ? MZ.t('plan_other_targets', { n: others.length }) : '';
      form.elements.code.focus();
    }

    async function load() {
      const plans = await MZ.get('/api/v1/plans');
      const today = new Date().toISOString().slice(0, 10);
      table('plans-table', [MZ.t('plan_code'), MZ.t('plan_name'), MZ.t('plan_window_col'), MZ.t('plan_state'), ''],
        plans.map((plan) => [plan.code, plan.name, plan.starts_on + ' – ' + plan.ends_on,
          plan.ended ? MZ.t('plan_finished') : plan.starts_on > today ? MZ.t('plan_upcoming') : MZ.t('plan_running'),
          el('button', { type: 'button', 'data-plan': plan.code, text: MZ.t('plan_open'),
            onclick: async () => show(await MZ.get('/api/v1/plans/' + encodeURIComponent(plan.code))) })]));
      $('plan-downloads').replaceChildren(...plans.map((plan) => el('a', { className: 'button',
        href: '/api/v1/plans/' + encodeURIComponent(plan.code) + '?format=xlsx', text: MZ.t('plan_download', { code: plan.code }) })));
    }

    $('plan-new').addEventListener('click', () => show(null));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const code = form.elements.code.value.trim();
      const targets = others.map((t) => ({ indicator: t.indicator, unit_code: t.unit_code, year: t.year, value: t.value }));
      indicators.forEach((indicator) => {
        const text = form.elements[indicator.code].value;
        if (text !== '') {
          targets.push({ indicator: indicator.code, unit_code: '441400', year: null,
            value: asStored(indicator, Number(text)) });
        }
      });
      const body = { name: form.elements.name.value.trim(), starts_on: form.elements.starts_on.value,
        ends_on: form.elements.ends_on.value, targets };
      try {
        if (!code) throw new MZ.ApiError(422, { detail: MZ.t('plan_code') + ' ?' });
        await MZ.request('PUT', '/api/v1/plans/' + encodeURIComponent(code), body);
        say($('plan-message'), MZ.t('plan_saved', { code }));
        await load();
      } catch (error) {
        say($('plan-message'), problemText(error), true);
      }
    });

    const upload = $('plan-upload');
    upload.addEventListener('submit', async (event) => {
      event.preventDefault();
      const code = upload.elements.code.value.trim();
      const file = upload.elements.file.files[0];
      try {
        if (!code || !file) throw new MZ.ApiError(422, { detail: MZ.t('plan_xlsx_file') + ' ?' });
        await sendFile('PUT', '/api/v1/plans/' + encodeURIComponent(code), file,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        say($('plan-upload-message'), MZ.t('plan_saved', { code }));
        await load();
      } catch (error) {
        say($('plan-upload-message'), problemText(error), true);
      }
    });
    await load();
  }

  /* ---------- town boundaries ---------- */

  async function boundariesPage() {
    const towns = await MZ.get('/api/v1/units?level=town');
    const select = $('boundary-town');
    select.replaceChildren(...towns.map((t) => el('option', { value: t.code, text: t.name + ' ' + t.code })));
    const map = window.L.map('boundary-map').setView([24.3, 116.1], 8);
    let layer = null;
    let geometry = null;
    const button = $('boundary-upload');

    function vertices(value) {
      return Array.isArray(value) ? (typeof value[0] === 'number' ? 1 : value.reduce((n, v) => n + vertices(v), 0)) : 0;
    }

    $('boundary-file').addEventListener('change', async (event) => {
      const file = event.target.files[0];
      button.disabled = true;
      geometry = null;
      if (layer) layer.remove();
      try {
        const parsed = JSON.parse(await file.text());
        geometry = parsed.type === 'FeatureCollection' && parsed.features.length === 1 ? parsed.features[0] : parsed;
        layer = window.L.geoJSON(geometry).addTo(map);
        map.fitBounds(layer.getBounds());
        const shape = geometry.type === 'Feature' ? geometry.geometry : geometry;
        $('boundary-preview-note').textContent = MZ.t('boundary_previewed', { vertices: vertices(shape.coordinates) });
        button.disabled = false;
      } catch (error) {
        $('boundary-preview-note').textContent = MZ.t('boundary_bad_file');
      }
    });

    $('boundary-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await MZ.request('PUT', '/api/v1/units/' + select.value + '/boundary', geometry);
        say($('boundary-message'), MZ.t('boundary_saved', { town: select.options[select.selectedIndex].text }));
      } catch (error) {
        say($('boundary-message'), problemText(error), true);
      }
    });
  }

  /* ---------- audit log ---------- */

  async function auditPage() {
    const form = $('audit-filters');
    let page = 1;

    async function load() {
      const params = { page, per_page: 50 };
      ['actor', 'action', 'from', 'to'].forEach((name) => { params[name] = form.elements[name].value.trim(); });
      try {
        const answer = await MZ.get('/api/v1/audit' + MZ.query(params));
        $('audit-count').textContent = MZ.t('audit_total', { total: answer.total });
        table('audit-table', [MZ.t('audit_at'), MZ.t('audit_actor'), MZ.t('audit_action'), MZ.t('audit_subject'),
          MZ.t('audit_details')], answer.items.map((entry) => [
          new Date(entry.at).toLocaleString(config.lang, { timeZone: 'Asia/Shanghai' }), entry.actor, entry.action,
          entry.subject || '', entry.details ? JSON.stringify(entry.details) : '']));
        $('audit-pager').replaceChildren(
          el('button', { type: 'button', text: MZ.t('previous'), disabled: page <= 1,
            onclick: () => { page -= 1; load(); } }),
          el('span', { text: ' ' + page + ' / ' + Math.max(answer.pages, 1) + ' ' }),
          el('button', { type: 'button', text: MZ.t('next'), disabled: page >= answer.pages,
            onclick: () => { page += 1; load(); } }));
      } catch (error) {
        $('audit-count').textContent = problemText(error);
      }
    }
    form.addEventListener('submit', (event) => { event.preventDefault(); page = 1; load(); });
    await load();
  }

  /* ---------- reminders ---------- */

  async function remindersPage() {
    const period = $('reminder-period');
    async function load() {
      const query = MZ.query({ period: period.value });
      $('reminder-xlsx').href = '/api/v1/reminders' + MZ.query({ period: period.value, format: 'xlsx' });
      const answer = await MZ.get('/api/v1/reminders' + query);
      $('status-message').textContent = MZ.t('reminder_summary', { label: answer.period_label, from: answer.date_from,
        to: answer.date_to, silent: answer.silent_towns.length, overdue: answer.overdue_total,
        days: answer.review_reminder_days });
      table('silent-table', [MZ.t('town'), ''], answer.silent_towns.map((t) => [t.town_name + ' ' + t.town_code,
        t.county_name || '']));
      table('overdue-table', [MZ.t('reminder_record'), MZ.t('town'), MZ.t('indicator'), MZ.t('reminder_days')],
        answer.overdue_reviews.map((r) => [String(r.id), r.town_name, r.indicator,
          String(r.days_waiting)]));
    }
    period.addEventListener('change', load);
    await load();
  }

  const pages = { password: passwordPage, accounts: accountsPage, plans: plansPage, boundaries: boundariesPage,
    audit: auditPage, reminders: remindersPage };
  const start = pages[config.page];
  if (start) {
    Promise.resolve(start()).catch((error) => {
      const box = $('status-message');
      box.className = 'status-message error';
      box.textContent = problemText(error);
    });
  }
}(window.MZ));
