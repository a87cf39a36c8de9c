// Loads the collect page's plain scripts into a sandbox with a minimal `window`, as the
// browser would (one shared global MZ), so their pure parts can be tested by node --test.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const STATIC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "backend", "web", "static");

export function loadScripts(...names) {
  const storage = new Map();
  const window = {
    crypto: globalThis.crypto,
    localStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, String(v)) },
    navigator: { language: "zh-CN", onLine: true },
    addEventListener() {},
  };
  window.window = window;
  const context = vm.createContext(window);
  for (const name of names) {
    vm.runInContext(readFileSync(join(STATIC, name), "utf-8"), context, { filename: name });
  }
  return window.MZ;
}
