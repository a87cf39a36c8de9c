/* Accounts: the list with reset and (de)activate, and a form for a new one. The server
   handed the roles this account may create and the unit level of each (domain/roles.py),
   and the units it may choose from. */
import { get, post, problemWithFields, request } from '../api.js';
import { h } from '../common.js';
import { config, fill, t } from '../config.js';
import { $, say, table } from './forms.js';

function fillUnits(units) {
  const level = config.levelOfRole[$('acc-role').value];
  $('acc-unit').replaceChildren(...units.filter((unit) => unit.level === level)
    .map((unit) => h('option', { value: unit.code, text: unit.name + ' ' + unit.code })));
}

function stateText(account) {
  return (account.active ? t('account_enabled') : t('account_disabled'))
    + (account.must_change_password ? ' · ' + t('account_must_change') : '');
}

function actions(account, reload) {
  return h('span', { className: 'actions' }, [
    h('button', { type: 'button', 'data-reset': account.username, text: t('account_reset'),
      onclick: () => reset(account.username, reload) }),
    h('button', { type: 'button', 'data-toggle': account.username,
      text: account.active ? t('account_deactivate') : t('account_activate'), onclick: () => toggle(account, reload) }),
  ]);
}

async function load() {
  const accounts = await get(config.urls.users);
  table('accounts-table', [t('username'), t('account_role'), t('account_unit'), t('account_active'), t('account_actions')],
    accounts.map((account) => [
      account.username, t('role_' + account.role), account.unit_name || account.unit_code, stateText(account),
      account.username === config.user.username ? '' : actions(account, load),
    ]));
}

async function reset(username, reload) {
  const box = $('reset-result');
  try {
    const answer = await post(fill(config.urls.passwordReset, { username }));
    box.className = 'message ok';
    box.replaceChildren(t('account_reset_done', { username }),
      h('strong', { className: 'temporary-password', id: 'temporary-password', text: answer.temporary_password }));
    await reload();
  } catch (error) {
    say(box, problemWithFields(error), true);
  }
}

async function toggle(account, reload) {
  try {
    await request('PATCH', fill(config.urls.user, { username: account.username }), { body: { active: !account.active } });
    await reload();
  } catch (error) {
    say($('reset-result'), problemWithFields(error), true);
  }
}

function createForm(units) {
  const form = $('account-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { username: form.elements.username.value.trim(), password: form.elements.password.value,
      role: $('acc-role').value, unit_code: $('acc-unit').value };
    try {
      await post(config.urls.users, body);
      say($('account-message'), t('account_created', { username: body.username }));
      form.reset();
      fillUnits(units);
      await load();
    } catch (error) {
      say($('account-message'), problemWithFields(error), true);
    }
  });
}

export async function accountsPage() {
  const units = await get(config.urls.units);
  $('acc-role').addEventListener('change', () => fillUnits(units));
  fillUnits(units);
  createForm(units);
  await load();
}
