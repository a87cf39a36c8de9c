/* What the app holds while it is open, in one place, changed only through the functions
 * below (so a reader finds every writer of a piece of state here).
 *
 *   state.user            the signed-in user's profile (IndexedDB meta 'user'), with the
 *                         capabilities the server gave it (domain/roles.py capabilities)
 *   state.context         town, towns, outlines for the forms (IndexedDB meta 'context')
 *   state.sessionExpired  the server said 401 while a user was signed in
 *   state.sending         a send run is under way
 *   state.mine            records last read from the server, by id
 * The open form and the redraw of the current screen are the navigation's (nav.js).
 */
export const state = {
  user: null,
  context: null,
  sessionExpired: false,
  sending: false,
  mine: {},
  drafts: {}  // open forms by route: {draft, state}, kept while the app is open (keepDraft)
};

// What the signed-in account may do (domain/roles.py capabilities, from GET /web/session):
// the capability's value, or null while it is not known (a profile stored before the
// server sent capabilities, until the session is checked again).
export function can(capability) {
  const capabilities = state.user && state.user.capabilities;
  return capabilities ? capabilities[capability] : null;
}

// A signed-in user; true when it is another account (or unit) than before.
export function setUser(user) {
  const before = state.user;
  const changed = !before || before.username !== user.username || before.unit_code !== user.unit_code;
  state.user = user;
  state.sessionExpired = false;
  if (changed) { state.context = null; }
  return changed;
}

export function restore(user, context) {
  state.user = user;
  state.context = context;
}

export function setContext(context) { state.context = context; }
export function setSessionExpired() { state.sessionExpired = true; }
export function setSending(sending) { state.sending = sending; }
export function remember(record) { state.mine[record.id] = record; }

export function forgetUser() {
  state.user = null;
  state.context = null;
  state.drafts = {};
  state.mine = {};
}

// A form's draft and display state, kept across redraws (a language switch) until it is
// saved or cancelled.
export function keepDraft(key, make) {
  if (!state.drafts[key]) {
    state.drafts[key] = make();
    state.drafts[key].state = state.drafts[key].state || {};
  }
  return state.drafts[key];
}

export function dropDraft(key) { delete state.drafts[key]; }
