/* The collect page's bits of DOM beyond common/dom.js (h, append, clear, re-exported here):
 * the toast and unique ids for label/input pairs. */
export {h, append, clear} from '../common/dom.js';

let toastTimer = null;
// A short message in a polite live region: read out by screen readers, then fades.
export function toast(message, kind) {
  const el = document.getElementById('toast');
  if (!el) { return; }
  el.textContent = message;
  el.className = 'toast show' + (kind ? ' ' + kind : '');
  if (toastTimer) { clearTimeout(toastTimer); }
  toastTimer = setTimeout(function () { el.className = 'toast'; }, 6000);
}

let seq = 0;
export function uid(prefix) {
  seq += 1;
  return (prefix || 'id') + '-' + seq;
}
