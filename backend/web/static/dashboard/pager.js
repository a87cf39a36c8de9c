/* A pager under a list: previous, "page n of m", next. */
import { h } from './common.js';
import { t } from './config.js';

export function pager(nav, page, go) {
  if (!page.pages || page.pages <= 1) { nav.replaceChildren(); return; }
  nav.replaceChildren(
    h('button', { type: 'button', text: t('previous'), disabled: page.page <= 1, onclick: () => go(page.page - 1) }),
    h('span', { text: t('page_of', { page: page.page, pages: page.pages }) }),
    h('button', { type: 'button', text: t('next'), disabled: page.page >= page.pages, onclick: () => go(page.page + 1) }),
  );
}
