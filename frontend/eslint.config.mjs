// ESLint for the web pages' scripts (backend/web/static/**/*.js and the service worker)
// and the JavaScript unit tests (tests/js). Run from the repository root: frontend/node_modules/.bin/eslint -c frontend/eslint.config.mjs
// static/common and static/collect are ES modules (import/export), bundled by esbuild into
// one ES2017 script per page (frontend/build.mjs); the dashboard pages' files are ES modules
// served as they are (no build step), but for early.js, a classic script on purpose; the
// tests are ES modules run by `node --test`.
import js from "@eslint/js";
import globals from "globals";

const rules = {
  ...js.configs.recommended.rules,
  // `catch (e) { /* ignore */ }` is how the scripts say "a preference, best effort"
  "no-empty": ["error", { allowEmptyCatch: true }],
  "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
  eqeqeq: ["error", "always", { null: "ignore" }],
};

export default [
  {
    // (templates/collect/sw.js is a Jinja template, not a script until rendered)
    files: ["backend/web/static/**/*.js"],
    ignores: ["backend/web/static/common/**", "backend/web/static/collect/**"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly", echarts: "readonly" },
    },
    rules: { ...rules, "no-implicit-globals": "error" },
  },
  {
    // the bundle is ES2017 (esbuild's target), so the sources may use no later syntax either
    files: ["backend/web/static/common/**/*.js", "backend/web/static/collect/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "module",
      globals: { ...globals.browser, L: "readonly" },
    },
    rules,
  },
  {
    // the browsers that run the dashboard run modules with top-level await (ES2022)
    files: ["backend/web/static/dashboard/**/*.js"],
    ignores: ["backend/web/static/dashboard/early.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // small functions, one concern each (issue #12)
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["tests/js/**/*.mjs", "frontend/*.mjs", "scripts/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
