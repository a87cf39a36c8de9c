/* Signing in with the web session (a cookie the page never reads). */
import {problem, signIn} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {go, online, screen} from '../nav.js';
import {adoptSession, sendNow} from '../session.js';
import {state} from '../state.js';

function attempt(fields) {
  const error = fields.error;
  const pass = fields.pass;
  const button = fields.button;
  button.disabled = true;
  button.textContent = t('signing_in');
  signIn(fields.user.value.trim(), pass.value).then(function (result) {
    button.disabled = false;
    button.textContent = t('signin');
    if (!result.ok) {
      error.textContent = t('signin_failed', {msg: problem(result)});
      error.hidden = false;
      pass.focus();
      return null;
    }
    pass.value = '';
    // a temporary password: the server refuses everything else until it is changed
    return adoptSession(result).then(function () {
      if (result.data.user.must_change_password) { go('#account'); } else { go('#home'); sendNow(); }
    });
  });
}

export function screenSignIn() {
  const fields = {
    error: h('p', {class: 'error', role: 'alert', hidden: true}),
    user: h('input', {id: 'username', name: 'username', autocomplete: 'username', autocapitalize: 'none',
      spellcheck: 'false', required: true, value: state.user ? state.user.username : ''}),
    pass: h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true}),
    button: h('button', {type: 'submit', class: 'btn primary'}, t('signin'))
  };
  const form = h('form', {class: 'signin', novalidate: true, onsubmit: function (event) {
    event.preventDefault();
    fields.error.hidden = true;
    if (!online()) { fields.error.textContent = t('signin_offline'); fields.error.hidden = false; return; }
    attempt(fields);
  }}, [
    h('p', null, t('signin_intro')),
    h('div', {class: 'field'}, [h('label', {for: 'username'}, t('username')), fields.user]),
    h('div', {class: 'field'}, [h('label', {for: 'password'}, t('password')), fields.pass]),
    fields.error, fields.button]);
  screen(t('signin_title'), [form]);
}
