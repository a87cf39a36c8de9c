// ESLint for the web pages' scripts (backend/web/static/**/*.js and the service worker)
// and the JavaScript unit tests (tests/js). Run from the repository root: frontend/node_modules/.bin/eslint -c frontend/eslint.config.mjs
// The page scripts are plain ES2017 scripts sharing one global `MZ` object, loaded by
// <script> tags in order (no build step); the tests are ES modules run by `node --test`.
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
    files: ["tests/js/**/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
