/* The dashboard's view: what it shows (year, town, indicator, status, …), kept in the URL
   so that a reload or a shared link shows the same view, and the sections that draw it.
   A section registers its loader here; a change of the view asks the sections it
   concerns to load again, so that no section needs to know the others. */
import { problemText } from './api.js';
import { config, query, t } from './config.js';
import { isTotal } from './indicators.js';

export const unit = config.unit;
// the window of the plan shown (config.plan): a total indicator counts over all of it
export const PLAN_YEARS = config.planWindow.map((day) => Number(day.slice(0, 4)));

// the view the URL asked for, as the server checked it
export const state = Object.assign({ queuePage: 1, recordsPage: 1 }, config.view);

export const $ = (id) => document.getElementById(id);
export const summaryStatus = () => (state.countPending ? 'all' : 'approved');

/** The records filter of the view, as GET /api/v1/records and the exports take it. */
export function recordFilter(extra) {
  const filter = Object.assign({}, config.unitFilter);
  if (state.town) filter.town_code = state.town;
  return Object.assign(filter, { year: state.year, indicator: state.indicator, status: state.status }, extra || {});
}

/** A view URL with some of the state changed; used for links that work without script. */
export function viewUrl(changes) {
  const next = Object.assign({}, state, changes || {});
  return window.location.pathname + query({
    unit: unit.code === config.user.unitCode ? '' : unit.code,
    year: next.year, town: next.town, indicator: next.indicator, status: next.status,
    count_pending: next.countPending ? '1' : '', detail: next.detail, plan: next.plan,
  });
}

export function remember() {
  window.history.replaceState(null, '', viewUrl() + window.location.hash);
}

export function townName(code) {
  const town = config.towns.find((item) => item.code === code);
  return town ? town.name : code;
}

/** What a figure of the indicator covers: the year, or the plan's window for a total. */
export function periodText(indicator) {
  return isTotal(indicator)
    ? t('plan_window', { from: PLAN_YEARS[0], to: PLAN_YEARS[1] })
    : t('year_n', { year: state.year });
}

/* ---------- status line and sections ---------- */

export function announce(text, isError) {
  const box = $('status-message');
  box.className = 'status-message' + (isError ? ' error' : '');
  box.textContent = text;
}

const loaded = {}; // latest request number per section: a slow old answer must not win

/** Runs a section's loader so that only the newest call draws, and failures show. */
export async function latest(section, work) {
  const ticket = (loaded[section] || 0) + 1;
  loaded[section] = ticket;
  try {
    await work(() => loaded[section] === ticket);
  } catch (error) {
    if (loaded[section] !== ticket) return;
    announce(error.status === 401 ? t('session_expired') : t('load_failed', { what: t(section), detail: problemText(error) }), true);
    throw error;
  }
}

const loaders = {};
/** A section's loader: called with the options of the change (fitMap). */
export function onLoad(section, loader) {
  loaders[section] = loader;
}

/** Loads the given sections again (those the page has), e.g. after a filter changed. */
export function load(sections, options) {
  return Promise.all(sections.filter((name) => loaders[name]).map((name) => loaders[name](options || {})));
}

/** The view changed: remember it in the URL, load the sections it concerns again, and
    the downloads (they carry the view's filter). */
export function changed(sections, options) {
  remember();
  load(sections.concat('downloads'), options).catch(() => {});
}
