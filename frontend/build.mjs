// Bundles the web pages' ES modules into one plain ES2017 script per page, which the page
// carries inline (backend/web/collect.py): one response is the whole first screen on a slow
// link, and the browsers built into messaging apps (older WebViews) run ES2017.
//
//   node frontend/build.mjs            writes frontend/dist/collect.js (git-ignored)
//   node frontend/build.mjs --check    exits 1 when frontend/dist/collect.js is missing or
//                                      differs from what the sources build to now
// scripts/lib.sh ensure_frontend runs the first; tests/js/bundle.test.mjs does the second.
// The build is deterministic: the same sources give the same bytes.
import { readFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const FRONTEND = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(FRONTEND);
export const DIST = join(FRONTEND, "dist");
export const BUNDLES = {
  "collect.js": join(ROOT, "backend", "web", "static", "collect", "app.js"),
};

/** The bundle of one entry module, as text. */
export async function bundle(entry) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "iife",
    target: "es2017",
    platform: "browser",
    charset: "utf8", // Chinese as UTF-8 (3 bytes), not \u escapes (6)
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
    absWorkingDir: ROOT, // paths in the output relative to the repository, whatever the checkout
  });
  return result.outputFiles[0].text;
}

async function main(check) {
  let stale = [];
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const text = await bundle(entry);
    const path = join(DIST, name);
    if (check) {
      if (!existsSync(path) || readFileSync(path, "utf-8") !== text) stale.push(path);
    } else {
      mkdirSync(DIST, { recursive: true });
      writeFileSync(path, text);
    }
  }
  if (stale.length) {
    console.error(`out of date with the sources: ${stale.join(", ")}; run node frontend/build.mjs`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(process.argv.includes("--check"));
}
