/* Signing out, on every dashboard page: revokes the session's token on the server, then
   reloads, which shows the sign-in form. The button carries the session's URL (data-url,
   from url_for). A plain fetch, not api.js: a refused page loads this alone, with a config
   of nothing but its words and the CSRF token, and the answer does not matter anyway. */
import { config } from './config.js';

const button = document.getElementById('signout');
if (button) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await fetch(button.dataset.url, {
        method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': config.csrf || '' },
      });
    } catch (error) {
      // the network failed: the reload shows it
    }
    // signed out, or already (401): the reload shows the sign-in form
    window.location.href = window.location.pathname;
  });
}
