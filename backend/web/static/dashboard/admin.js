/* The administration pages: accounts, one's own password, plans and targets, town
   boundaries, the audit log, reminders. Each page is a shell the server rendered for the
   roles that may use it (backend/web/admin.py); its module (admin/) fills it from the API
   and sends what the user enters to the API, which checks every rule again. */
import { accountsPage } from './admin/accounts.js';
import { auditPage } from './admin/audit.js';
import { boundariesPage } from './admin/boundaries.js';
import { passwordPage } from './admin/password.js';
import { plansPage } from './admin/plans.js';
import { remindersPage } from './admin/reminders.js';
import { problemWithFields } from './api.js';
import { config } from './config.js';
import './signout.js';

const pages = {
  password: passwordPage, accounts: accountsPage, plans: plansPage, boundaries: boundariesPage,
  audit: auditPage, reminders: remindersPage,
};
const start = pages[config.page];
if (start) {
  Promise.resolve(start()).catch((error) => {
    const box = document.getElementById('status-message');
    box.className = 'status-message error';
    box.textContent = problemWithFields(error);
  });
}
