/* One's own password; an account with a temporary password is sent here first. */
import { post, problemWithFields } from '../api.js';
import { config, t } from '../config.js';
import { $, say } from './forms.js';

export function passwordPage() {
  const form = $('password-form');
  const message = $('password-message');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const current = form.elements.current.value;
    const next = form.elements.new.value;
    if (next !== form.elements.again.value) return say(message, t('password_mismatch'), true);
    try {
      await post(config.urls.password, { current_password: current, new_password: next });
      say(message, t('password_saved'));
      if (config.mustChange) window.location.href = config.next;
    } catch (error) {
      say(message, problemWithFields(error), true);
    }
  });
  form.elements.current.focus();
}
