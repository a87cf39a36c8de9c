/* The downloads of the view: summaries (CSV, XLSX) and the records in every GIS format
   the server has a writer for, each a real link; a GIS download runs as an export job. */
import { get, post } from './api.js';
import { h } from './common.js';
import { config, query, t } from './config.js';
import { detailIndicator, periodQuery } from './detail.js';
import { indicatorName } from './indicators.js';
import { $, recordFilter, state, summaryStatus, unit } from './view.js';

const SPREADSHEETS = ['csv', 'xlsx'];

function downloadLink(href, label, description) {
  return h('a', { className: 'button', href, download: '', text: label, title: description, 'aria-label': description });
}

function summaryLinks(status) {
  // the summaries by each level below the unit (config.summaryLevels)
  return config.summaryLevels.flatMap((level) => SPREADSHEETS.map((format) => {
    const label = t('summary_by_' + level) + ' ' + format.toUpperCase();
    return downloadLink(config.urls.summaries + query({ level, unit: unit.code, year: state.year, status, format }),
      label, t('download_summary_desc', { what: label, year: state.year }));
  }));
}

function laggingLinks(status) {
  const indicator = detailIndicator();
  if (!indicator || !config.hasTowns) return [];
  return SPREADSHEETS.map((format) => {
    const params = periodQuery(indicator, { indicator: indicator.code, unit: unit.code, status, format });
    const label = t('lagging_of', { name: indicatorName(indicator.code) }) + ' ' + format.toUpperCase();
    return downloadLink(config.urls.lagging + query(params), label, label);
  });
}

export function renderDownloads() {
  const status = summaryStatus();
  $('summary-downloads').replaceChildren(...summaryLinks(status), ...laggingLinks(status));
  // exports default to approved records; the map's "all statuses" is status=all there
  const filter = recordFilter({ status: state.status || 'all' });
  // every format the server has a writer for (config.exportFormats), in its order
  $('gis-downloads').replaceChildren(...config.exportFormats.map(({ format, label }) => exportButton(format, label, filter)));
}

/** Asks for the export job and waits for the worker; the file's URL when it is done. */
async function exportJob(params, progress) {
  let job = await post(config.urls.exportJobs, params);
  while (job.state === 'queued' || job.state === 'running') {
    if (job.progress.fraction !== null) progress.value = job.progress.fraction;
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    job = await get(job.url);
  }
  if (job.state !== 'done') throw new Error(job.error || job.state);
  return job.file_url;
}

/** A GIS download made as an export job: the link still works by itself (a new tab
    gets the file, or the job for a large one); a click here asks for the job, shows its
    progress, and fetches the file when the worker is done. */
function exportButton(format, label, filter) {
  const params = Object.assign({ format }, filter);
  const link = downloadLink(config.urls.exports + query(params), label, t('download_gis_desc', { format: label }));
  const progress = h('progress', { max: '1', hidden: true, 'aria-label': label });
  const note = h('span', { className: 'note', 'aria-live': 'polite' });
  link.addEventListener('click', async (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute('aria-busy') === 'true') return;
    link.setAttribute('aria-busy', 'true');
    progress.hidden = false;
    progress.removeAttribute('value');
    note.textContent = t('export_preparing');
    try {
      const file = await exportJob(params, progress);
      progress.value = 1;
      note.textContent = '';
      window.location.assign(file);
    } catch (error) {
      note.textContent = t('export_failed');
    } finally {
      link.removeAttribute('aria-busy');
      progress.hidden = true;
    }
  });
  return h('span', { className: 'export' }, [link, progress, note]);
}
