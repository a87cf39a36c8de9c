/* The sign-in form: POST /web/session sets an HTTP-only cookie; the page then reloads,
   so the server decides (with that cookie) what the account may see. */
'use strict';
(function (MZ) {
  const form = document.getElementById('signin-form');
  const message = document.getElementById('signin-message');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = form.elements.username.value.trim();
    const password = form.elements.password.value;
    message.className = 'message';
    message.textContent = '';
    if (!username || !password) {
      message.className = 'message error';
      message.textContent = MZ.t('signin_missing');
      (username ? form.elements.password : form.elements.username).focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    message.textContent = MZ.t('signing_in');
    try {
      await MZ.post('/web/session', { username, password });
      window.location.reload();
    } catch (error) {
      message.className = 'message error';
      message.textContent = error.status === 401 ? MZ.t('signin_wrong')
        : error.status === 429 ? MZ.t('signin_throttled') : error.message;
      button.disabled = false;
      form.elements.password.select();
    }
  });
  form.elements.username.focus();
}(window.MZ));
