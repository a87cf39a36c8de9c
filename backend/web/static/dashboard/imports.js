/* Importing a ledger from the dashboard: "Check" posts the file as a dry run and lists
   every row's outcome; "Confirm" posts the same file and options for real. Both go to
   POST /api/v1/imports with the session cookie and the CSRF token. */
import { problemText, request } from './api.js';
import { h } from './common.js';
import { config, query, t } from './config.js';
import './signout.js';

const SHOWN_ROWS = 1000;
const IMPORT_TIMEOUT_MS = 30 * 60 * 1000;
const $ = (id) => document.getElementById(id);
const form = $('import-form');
const fileInput = $('import-file');
const indicator = $('import-indicator');
const template = $('import-template');
const skip = $('import-skip');
const approve = $('import-approve');
const check = $('import-check');
const confirm = $('import-confirm');
const message = $('import-message');
const report = $('import-report');
let checked = null; // the file and options of the last dry run that may be confirmed

function say(text, error) {
  message.className = error ? 'message error' : 'message';
  message.textContent = text;
}

function options() {
  return { indicator: indicator.value, skip_invalid: skip.checked, approve: approve ? approve.checked : false };
}

function send(file, opts, dryRun) {
  const body = new FormData();
  body.append('file', file);
  if (opts.indicator) body.append('indicator', opts.indicator);
  body.append('dry_run', String(dryRun));
  body.append('skip_invalid', String(opts.skip_invalid));
  body.append('approve', String(opts.approve));
  // a large ledger takes a while to check (request.js's default gives up after a minute)
  return request('POST', config.urls.imports, { body, raw: true, timeout: IMPORT_TIMEOUT_MS });
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
  $('import-rows').tBodies[0].replaceChildren(...result.rows.slice(0, SHOWN_ROWS).map((row) => h('tr', {
    className: 'outcome-' + row.outcome, 'data-row': row.row,
  }, [
    h('td', { text: row.row }),
    h('td', { text: t('outcome_' + row.outcome) }),
    h('td', { text: errorsText(row.errors) }),
    h('td', { text: row.record_id || '' }),
  ])));
  const counts = result.counts;
  $('import-counts').textContent = Object.keys(counts).map((outcome) => t('outcome_' + outcome) + ' ' + counts[outcome]).join(' · ');
  $('import-shown').textContent = result.rows.length > SHOWN_ROWS
    ? t('import_shown', { shown: SHOWN_ROWS, total: result.rows.length }) : '';
  report.hidden = false;
}

function bad(counts) {
  return (counts.invalid || 0) + (counts.forbidden || 0) + (counts.conflict || 0);
}

async function checkFile(file, opts) {
  const result = await send(file, opts, true);
  show(result);
  const counts = result.counts;
  const stop = bad(counts) > 0 && !opts.skip_invalid;
  say(t('import_checked', { valid: counts.valid || 0, replayed: counts.replayed || 0, bad: bad(counts) })
    + (stop ? ' ' + t('import_checked_bad', { bad: bad(counts) }) : ''), stop);
  checked = !stop && counts.valid ? { file, opts } : null;
  confirm.disabled = !checked;
  if (checked) confirm.focus();
}

indicator.addEventListener('change', () => {
  template.hidden = !indicator.value;
  template.href = config.urls.template + query({ indicator: indicator.value });
});
// a changed file or option needs a new check before it can be confirmed
[fileInput, indicator, skip, approve].forEach((input) => input && input.addEventListener('change', () => {
  checked = null;
  confirm.disabled = true;
}));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = fileInput.files[0];
  if (!file) { say(t('import_no_file'), true); fileInput.focus(); return; }
  check.disabled = confirm.disabled = true;
  say(t('import_checking'));
  try {
    await checkFile(file, options());
  } catch (error) {
    report.hidden = true;
    say(problemText(error), true);
  } finally {
    check.disabled = false;
  }
});

confirm.addEventListener('click', async () => {
  if (!checked) return;
  check.disabled = confirm.disabled = true;
  say(t('import_importing'));
  try {
    const result = await send(checked.file, checked.opts, false);
    show(result);
    say(result.committed
      ? t('import_done', { created: result.counts.created || 0, replayed: result.counts.replayed || 0 })
      : t('import_nothing'), !result.committed);
  } catch (error) {
    say(problemText(error), true);
  } finally {
    checked = null;
    check.disabled = false;
  }
});
