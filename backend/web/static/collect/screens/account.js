/* The account: language, one's own password, signing out. */
import {problem, signOut as endSession, write} from '../api.js';
import {clear, h, toast} from '../dom.js';
import {currentLang, setLang, t} from '../i18n.js';
import {go, online, render, screen} from '../nav.js';
import {isDone, items} from '../outbox.js';
import {adopt, sendNow} from '../session.js';
import {url} from '../settings.js';
import * as store from '../store.js';
import {forgetUser, state} from '../state.js';
import {exportRecords} from './queue.js';

export function switchLang(lang) {
  setLang(lang);
  document.getElementById('toast').className = 'toast';  // its text is in the old language
  render();
}

function changePassword(fields) {
  const message = fields.message;
  message.hidden = false;
  message.className = 'error';
  if (fields.next.value !== fields.again.value) { message.textContent = t('password_mismatch'); return; }
  if (!online()) { message.textContent = t('signin_offline'); return; }
  fields.button.disabled = true;
  write('POST', url('password'), {current_password: fields.current.value, new_password: fields.next.value})
    .then(function (result) {
      fields.button.disabled = false;
      if (!result.ok) { message.textContent = problem(result); return null; }
      fields.current.value = fields.next.value = fields.again.value = '';
      message.className = 'ok';
      message.textContent = t('password_saved');
      return adopt(result.data).then(function () { sendNow(); });
    });
}

// One's own password; the first thing to do after signing in with a temporary one.
function passwordForm() {
  const field = function (id, autocomplete) {
    return h('input', {id: id, type: 'password', autocomplete: autocomplete, required: true});
  };
  const fields = {
    message: h('p', {class: 'error', role: 'alert', hidden: !state.user.must_change_password},
      state.user.must_change_password ? t('password_must_change') : ''),
    current: field('pw-current', 'current-password'),
    next: field('pw-new', 'new-password'),
    again: field('pw-again', 'new-password'),
    button: h('button', {type: 'submit', class: 'btn primary'}, t('password_save'))
  };
  return h('form', {class: 'password', novalidate: true, onsubmit: function (event) {
    event.preventDefault();
    changePassword(fields);
  }}, [
    h('h3', null, t('password_title')), fields.message,
    h('div', {class: 'field'}, [h('label', {for: 'pw-current'}, t('password_current')), fields.current]),
    h('div', {class: 'field'}, [h('label', {for: 'pw-new'}, t('password_new')), fields.next]),
    h('div', {class: 'field'}, [h('label', {for: 'pw-again'}, t('password_again')), fields.again]),
    fields.button]);
}

function finishSignOut(rows) {
  return endSession().then(function (result) {
    if (!result.ok && result.status !== 401) { toast(problem(result), 'bad'); return null; }
    return Promise.all(rows.map(function (r) { return store.remove('outbox', r.key); })
      .concat([store.remove('meta', 'user'), store.remove('meta', 'context'), store.remove('meta', 'last_sync')]))
      .then(function () {
        forgetUser();
        toast(t('signout_done'), 'good');
        go('#signin');
      });
  });
}

// The queue is cleared on sign-out only once the server has answered for every record, or
// the officer has exported the rest: a shared phone must not carry one officer's records
// into the next one's account, and no record may vanish unsent.
function signOut(prompt) {
  clear(prompt);
  if (!online()) { prompt.appendChild(h('p', {class: 'warn', role: 'alert'}, t('signout_offline'))); return; }
  items(state.user.username).then(function (rows) {
    const unsent = rows.filter(function (r) { return !isDone(r) && !r.exported_at; });
    if (!unsent.length) { return finishSignOut(rows); }
    prompt.appendChild(h('p', {class: 'warn', role: 'alert'}, t('signout_unsent', {n: unsent.length})));
    prompt.appendChild(h('div', {class: 'row'}, [
      h('button', {type: 'button', class: 'btn primary', onclick: function () {
        sendNow().then(function () { signOut(prompt); });
      }}, t('send_now')),
      h('button', {type: 'button', class: 'btn', onclick: function () {
        exportRecords(unsent).then(function () { return items(state.user.username); }).then(finishSignOut);
      }}, t('signout_export_then'))]));
    return null;
  });
}

function languageButton(lang, tag, label) {
  return h('button', {type: 'button', class: 'btn secondary', lang: tag, 'aria-pressed': String(currentLang() === lang),
    onclick: function () { switchLang(lang); }}, label);
}

export function screenAccount() {
  const prompt = h('div', {class: 'prompt', 'aria-live': 'polite'});
  const user = state.user;
  screen(t('account_title'), [
    h('p', null, t('signed_in_as', {user: user.username})),
    h('p', {class: 'meta'}, t('role_' + user.role) + ' · ' + (user.unit_name || '') + '（' + user.unit_code + '）'),
    h('div', {class: 'field'}, [h('span', {class: 'label'}, t('language')), h('div', {class: 'row'}, [
      languageButton('zh', 'zh-CN', '中文'), languageButton('en', 'en', 'English')])]),
    passwordForm(),
    h('button', {type: 'button', class: 'btn danger', id: 'signout', onclick: function () { signOut(prompt); }}, t('signout')),
    prompt]);
}
