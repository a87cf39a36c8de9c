/* What the administration pages share: a message under a form, a table of rows. */
import { h } from '../common.js';

export const $ = (id) => document.getElementById(id);

export function say(box, text, isError) {
  box.className = 'message' + (isError ? ' error' : ' ok');
  box.textContent = text;
}

export function table(id, headers, rows) {
  const head = h('thead', {}, [h('tr', {}, headers.map((text) => h('th', { scope: 'col', text })))]);
  const body = h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, [cell])))));
  const target = $(id);
  target.className = 'admin-table';
  target.replaceChildren(head, body);
}
