/* Importing a ledger from the dashboard: "Check" posts the file as a dry run and lists
   every row's outcome; "Confirm" posts the same file and options for real. Both go to
   POST /api/v1/imports with the session cookie and the CSRF token. */
'use strict';
(function (MZ) {
  const SHOWN_ROWS = 1000;
  const form = document.getElementById('import-form');
  const fileInput = document.getElementById('import-file');
  const indicator = document.getElementById('import-indicator');
  const template = document.getElementById('import-template');
  const skip = document.getElementById('import-skip');
  const approve = document.getElementById('import-approve');
  const check = document.getElementById('import-check');
  const confirm = document.getElementById('import-confirm');
  const message = document.getElementById('import-message');
  const report = document.getElementById('import-report');
  let checked = null; // the file and options of the last dry run that may be confirmed

  function say(text, error) {
    message.className = error ? 'message error' : 'message';
    message.textContent = text;
  }

  function options() {
    return { indicator: indicator.value, skip_invalid: skip.checked, approve: approve ? approve.checked : false };
  }

  async function send(file, opts, dryRun) {
    const body = new FormData();
    body.append('file', file);
    if (opts.indicator) body.append('indicator', opts.indicator);
    body.append('dry_run', String(dryRun));
    body.append('skip_invalid', String(opts.skip_invalid));
    body.append('approve', String(opts.approve));
    let response;
    try {
      response = await fetch(MZ.config.urls.imports, {
        method: 'POST', body, credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': MZ.config.csrf || '' },
      });
    } catch (error) {
      throw new MZ.ApiError(0, null);
    }
    let data;
    try { data = await response.json(); } catch (error) { data = null; }
    if (!response.ok) throw new MZ.ApiError(response.status, data);
    return data;
  }

  function errorsText(errors) {
    if (!errors) return '';
    return Object.keys(errors).map((column) => {
      const messages = errors[column];
      const text = Array.isArray(messages) ? messages.join(' ') : JSON.stringify(messages);
      return column + '：' + text;
    }).join('；');
  }

  function show(result) {
    const tbody = document.querySelector('#import-rows tbody');
    tbody.replaceChildren(...result.rows.slice(0, SHOWN_ROWS).map((row) => MZ.el('tr', {
      className: 'outcome-' + row.outcome, 'data-row': row.row,
    }, [
      MZ.el('td', { text: row.row }),
      MZ.el('td', { text: MZ.t('outcome_' + row.outcome) }),
      MZ.el('td', { text: errorsText(row.errors) }),
      MZ.el('td', { text: row.record_id || '' }),
    ])));
    const counts = result.counts;
    document.getElementById('import-counts').textContent = Object.keys(counts)
      .map((outcome) => MZ.t('outcome_' + outcome) + ' ' + counts[outcome]).join(' · ');
    document.getElementById('import-shown').textContent = result.rows.length > SHOWN_ROWS
      ? MZ.t('import_shown', { shown: SHOWN_ROWS, total: result.rows.length }) : '';
    report.hidden = false;
  }

  function bad(counts) {
    return (counts.invalid || 0) + (counts.forbidden || 0) + (counts.conflict || 0);
  }

  indicator.addEventListener('change', () => {
    template.hidden = !indicator.value;
    template.href = MZ.config.urls.template + MZ.query({ indicator: indicator.value });
  });
  // a changed file or option needs a new check before it can be confirmed
  [fileInput, indicator, skip, approve].forEach((input) => input && input.addEventListener('change', () => {
    checked = null;
    confirm.disabled = true;
  }));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files[0];
    if (!file) { say(MZ.t('import_no_file'), true); fileInput.focus(); return; }
    const opts = options();
    check.disabled = confirm.disabled = true;
    say(MZ.t('import_checking'));
    try {
      const result = await send(file, opts, true);
      show(result);
      const counts = result.counts;
      const stop = bad(counts) > 0 && !opts.skip_invalid;
      say(MZ.t('import_checked', { valid: counts.valid || 0, replayed: counts.replayed || 0, bad: bad(counts) })
        + (stop ? ' ' + MZ.t('import_checked_bad', { bad: bad(counts) }) : ''), stop);
      checked = !stop && counts.valid ? { file, opts } : null;
      confirm.disabled = !checked;
      if (checked) confirm.focus();
    } catch (error) {
      report.hidden = true;
      say(error.message, true);
    } finally {
      check.disabled = false;
    }
  });

  confirm.addEventListener('click', async () => {
    if (!checked) return;
    check.disabled = confirm.disabled = true;
    say(MZ.t('import_importing'));
    try {
      const result = await send(checked.file, checked.opts, false);
      show(result);
      say(result.committed
        ? MZ.t('import_done', { created: result.counts.created || 0, replayed: result.counts.replayed || 0 })
        : MZ.t('import_nothing'), !result.committed);
    } catch (error) {
      say(error.message, true);
    } finally {
      checked = null;
      check.disabled = false;
    }
  });
}(window.MZ));
