// ESLint for the web pages' scripts (backend/web/static/**/*.js and the service worker)
// and the JavaScript unit tests (tests/js). Run from the repository root: frontend/node_modules/.bin/eslint -c frontend/eslint.config.mjs
// The /collect scripts are plain ES2017 scripts sharing one global `MZ` object, loaded in
// order; the dashboard pages' scripts are ES modules served as they are (no build step),
// but for early.js, a classic script on purpose; the tests are ES modules run by `node --test`.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // (templates/collect/sw.js is a Jinja template, not a script until rendered)
    files: ["backend/web/static/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly", echarts: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      // `catch (e) { /* ignore */ }` is how the scripts say "a preference, best effort"
      "no-empty": ["error", { allowEmptyCatch: true }],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-implicit-globals": "error",
    },
  },
  {
    files: ["backend/web/static/dashboard/**/*.js"],
    ignores: ["backend/web/static/dashboard/early.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // small functions, one concern each (issue #12)
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["tests/js/**/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
