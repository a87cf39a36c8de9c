/* (phase 1 stand-in: the shared modules of static/common/ are not there yet) */
export { h } from './dom.js';
