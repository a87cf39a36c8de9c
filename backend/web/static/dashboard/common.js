/* The modules both web apps share (static/common/: dom, request, messages, flags), imported
   from the URLs the server put into the page's config (backend/web/common.py), and set up
   for the dashboard pages: their language, their words for choices and value fields, their
   way of writing numbers. The page's other modules import them from here.
   (A static import needs its URL written in the script; an import map would be an inline
   script, which the pages' Content-Security-Policy refuses: hence import() with the
   config's URLs, awaited once here before any module that uses them runs.) */
import { config, hasWord, number, t } from './config.js';
import { fieldNamed } from './indicators.js';

const [dom, requests, catalogue, flagWords] = await Promise.all(
  ['dom', 'request', 'messages', 'flags'].map((name) => import(config.modules[name])));

export const { h, append, clear } = dom;
export const { createClient, ProblemError } = requests;
export const { coded } = catalogue;

const language = () => config.lang;

/** The service's message catalogue (config.catalogue), worded in the page's language. */
export const messages = catalogue.createMessages(config.catalogue, {
  language,
  fieldName: (name) => fieldNamed(name),
  choiceName: (code) => (hasWord('choice_' + code) ? t('choice_' + code) : null),
});

/** A record's flags in words, numbers written as the page writes them. */
export const flags = flagWords.createFlags({ language, number: (value, digits) => number(value, digits) });
