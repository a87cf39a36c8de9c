/* The map section: the unit's outline and the view's records on the map (map.js), and
   its legend. */
import { get, problemText } from './api.js';
import { h } from './common.js';
import { config, fill, number, query, t } from './config.js';
import { indicatorName, indicatorByCode, indicators } from './indicators.js';
import { RecordMap } from './map.js';
import { $, announce, latest, state, townName, unit } from './view.js';

let map = null;
export const recordMap = () => map;

export function createMap() {
  map = new RecordMap($('map'), config.basemap);
  // a popup shows a failure's message: worded as the page words problems
  map.loadRecord = (id) => get(fill(config.urls.record, { record_id: id })).catch((error) => {
    throw new Error(problemText(error));
  });
  // for the browser tests and anyone at the console: what Leaflet drew, and the registry
  window.MZ = { recordMap: map, indicatorByCode };
  window.dashboardMap = map.map;
  map.map.on('moveend', followView);
  return map;
}

export async function loadOutline() {
  const outline = await get(config.urls.outline + query({ unit: unit.code }));
  map.setOutline(outline);
  return outline;
}

// the server sends at most a bounded number of points: when it left some out, the map
// asks again for the records inside the view after each pan or zoom
let mapFollowsView = false;
let mapMoveTimer = null;

export async function loadMap(fitToRecords, inView) {
  await latest('map', async (current) => {
    const url = config.urls.records + query({
      unit: unit.code, town: state.town, year: state.year, indicator: state.indicator, status: state.status,
      bbox: inView ? map.bbox() : undefined,
    });
    const collection = await get(url);
    if (!current()) return;
    performance.mark('records-received');
    const drawn = map.setRecords(collection);
    if (!inView) mapFollowsView = drawn.truncated;
    $('map-note').textContent = t(drawn.truncated ? 'map_note_truncated' : 'map_note', {
      points: number(drawn.points, 0), plots: number(drawn.plots, 0), matched: number(drawn.matched || 0, 0),
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

const STATUS_SWATCHES = [['approved', '#4a4a4a', '#4a4a4a'], ['pending', '#4a4a4a', '#ffffff'], ['rejected', '#6b6b6b', '#9e9e9e']];

export function legend() {
  const swatch = (background, border) => h('span', { className: 'swatch', style: `background:${background};border-color:${border}`, 'aria-hidden': 'true' });
  $('legend').replaceChildren(
    ...indicators.map((indicator) => h('li', {}, [swatch(indicator.colour, indicator.colour), indicatorName(indicator.code)])),
    ...STATUS_SWATCHES.map(([status, border, background]) => h('li', {}, [swatch(background, border), t('legend_' + status)])),
  );
}

export function showOnMap(id) {
  $('map').scrollIntoView();
  if (!map.focus(id)) announce(t('not_on_map', { id }), true);
}
