/* The sign-in form: POST /web/session sets an HTTP-only cookie; the page then reloads,
   so the server decides (with that cookie) what the account may see. */
import { post, problemText } from './api.js';
import { config, t } from './config.js';

const form = document.getElementById('signin-form');
const message = document.getElementById('signin-message');

function say(text, isError) {
  message.className = isError ? 'message error' : 'message';
  message.textContent = text;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  say('');
  if (!username || !password) {
    say(t('signin_missing'), true);
    (username ? form.elements.password : form.elements.username).focus();
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  say(t('signing_in'));
  try {
    await post(config.urls.session, { username, password });
    window.location.reload();
  } catch (error) {
    say(error.status === 401 ? t('signin_wrong') : error.status === 429 ? t('signin_throttled') : problemText(error), true);
    button.disabled = false;
    form.elements.password.select();
  }
});
form.elements.username.focus();
