/* Plans and their city-wide targets: the list, a form for one plan, and the same as an
   XLSX workbook to download, edit and upload. A target is entered as its indicator
   shows it (config.displays: 90 for a 90 % rate, 0.535 for the coefficient). */
import { get, problemWithFields, request } from '../api.js';
import { h } from '../common.js';
import { config, fill, query, t } from '../config.js';
import { $, say, table } from './forms.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const indicators = config.indicators;
const displayOf = (indicator) => config.displays[indicator.display];
// a percentage to three decimals: 0.9 × 100 is 90.00000000000001 in floating point
const asShown = (indicator, value) => {
  const scale = displayOf(indicator).scale;
  return scale === 1 ? value : Math.round(value * scale * 1000) / 1000;
};
const asStored = (indicator, value) => value / displayOf(indicator).scale;
// the targets of the form: the city's, for every year of the plan
const isCityWide = (target) => target.unit_code === config.cityCode && target.year === null;

let others = []; // targets the form does not edit (per unit or per year): kept as they are

function targetInputs() {
  $('plan-targets').append(...indicators.map((indicator) => h('div', { className: 'target-row' }, [
    h('label', { for: 'target-' + indicator.code, text: indicator.name }),
    h('input', { id: 'target-' + indicator.code, name: indicator.code, type: 'number', step: 'any', min: '0' }),
    h('span', { text: displayOf(indicator).suffix + (displayOf(indicator).with_unit ? indicator.unit : '') }),
  ])));
}

function show(plan) {
  const form = $('plan-form');
  ['code', 'name', 'starts_on', 'ends_on'].forEach((name) => { form.elements[name].value = plan ? plan[name] : ''; });
  const targets = plan ? plan.targets : [];
  others = targets.filter((target) => !isCityWide(target));
  indicators.forEach((indicator) => {
    const found = targets.find((target) => target.indicator === indicator.code && isCityWide(target));
    form.elements[indicator.code].value = found ? asShown(indicator, found.value) : '';
  });
  $('plan-other-targets').textContent = others.length ? t('plan_other_targets', { n: others.length }) : '';
  form.elements.code.focus();
}

function planState(plan, today) {
  if (plan.ended) return t('plan_finished');
  return plan.starts_on > today ? t('plan_upcoming') : t('plan_running');
}

async function load() {
  const plans = await get(config.urls.plans);
  const today = new Date().toISOString().slice(0, 10);
  const planUrl = (plan) => fill(config.urls.plan, { code: plan.code });
  table('plans-table', [t('plan_code'), t('plan_name'), t('plan_window_col'), t('plan_state'), ''],
    plans.map((plan) => [plan.code, plan.name, plan.starts_on + ' – ' + plan.ends_on, planState(plan, today),
      h('button', { type: 'button', 'data-plan': plan.code, text: t('plan_open'),
        onclick: async () => show(await get(planUrl(plan))) })]));
  $('plan-downloads').replaceChildren(...plans.map((plan) => h('a', { className: 'button',
    href: planUrl(plan) + query({ format: 'xlsx' }), text: t('plan_download', { code: plan.code }) })));
}

/** The plan of the form: its fields, the targets it shows and those it keeps. */
function formPlan(form) {
  const targets = others.map((target) => ({ indicator: target.indicator, unit_code: target.unit_code, year: target.year, value: target.value }));
  indicators.forEach((indicator) => {
    const text = form.elements[indicator.code].value;
    if (text !== '') {
      targets.push({ indicator: indicator.code, unit_code: config.cityCode, year: null, value: asStored(indicator, Number(text)) });
    }
  });
  return { name: form.elements.name.value.trim(), starts_on: form.elements.starts_on.value,
    ends_on: form.elements.ends_on.value, targets };
}

/** A form that saves a plan: `send(code, form)` does it; the answer is said under it. */
function saving(form, box, send) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = form.elements.code.value.trim();
    try {
      await send(code, form);
      say(box, t('plan_saved', { code }));
      await load();
    } catch (error) {
      say(box, problemWithFields(error), true);
    }
  });
}

export async function plansPage() {
  targetInputs();
  $('plan-new').addEventListener('click', () => show(null));
  saving($('plan-form'), $('plan-message'), async (code, form) => {
    const body = formPlan(form);
    if (!code) throw new Error(t('plan_code') + ' ?');
    await request('PUT', fill(config.urls.plan, { code }), { body });
  });
  saving($('plan-upload'), $('plan-upload-message'), async (code, form) => {
    const file = form.elements.file.files[0];
    if (!code || !file) throw new Error(t('plan_xlsx_file') + ' ?');
    await request('PUT', fill(config.urls.plan, { code }), { body: file, raw: true, contentType: XLSX });
  });
  await load();
}
