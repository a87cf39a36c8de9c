/* The county dashboard: cards, map, indicator detail, review queue, records, downloads.
   Every figure comes from the service's API (summaries, records, review); these modules
   only ask and draw. Each section is a module; this one starts them in order. */
import { get, problemText } from './api.js';
import { loadCards } from './cards.js';
import { config, t } from './config.js';
import { loadDetail } from './detail.js';
import { renderDownloads } from './downloads.js';
import { setUpFilters } from './filters.js';
import { setIndicators } from './indicators.js';
import { createMap, legend, loadMap, loadOutline } from './mapsection.js';
import { loadQueue } from './queue.js';
import { loadRecords } from './recordtable.js';
import { $, announce, onLoad } from './view.js';
import './signout.js';

onLoad('cards', loadCards);
onLoad('map', (options) => loadMap(Boolean(options.fitMap)));
onLoad('detail', loadDetail);
onLoad('queue', loadQueue);
onLoad('records', loadRecords);
onLoad('downloads', renderDownloads);

async function start() {
  createMap();
  // the outline and the registry do not depend on each other: ask for both at once
  const outline = loadOutline();
  setIndicators(await get(config.indicatorsUrl));
  setUpFilters();
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
  if (!$('status-message').textContent) announce(t('load_failed', { what: t('title'), detail: problemText(error) }), true);
});
