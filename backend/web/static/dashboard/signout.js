/* Signing out, on every dashboard page: revokes the session's token on the server, then
   reloads, which shows the sign-in form. The button carries the session's URL (data-url,
   from url_for): a refused page's config holds nothing but its words and the CSRF token. */
import { request } from './api.js';

const button = document.getElementById('signout');
if (button) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await request('DELETE', button.dataset.url);
    } catch (error) {
      // signed out already (401) or the network failed: the reload shows which
    }
    window.location.href = window.location.pathname;
  });
}
