// The page carries frontend/dist/collect.js, built from the ES modules by frontend/build.mjs:
// a bundle older than its sources must not pass (the page would run yesterday's code).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { BUNDLES, DIST, bundle } from "../../frontend/build.mjs";

test("the build is deterministic and the bundle on disk is what the sources build to now", async () => {
  for (const [name, entry] of Object.entries(BUNDLES)) {
    const fresh = await bundle(entry);
    assert.equal(await bundle(entry), fresh, `${name}: two builds differ`);
    const path = join(DIST, name);
    assert.ok(existsSync(path), `${path} is missing: run node frontend/build.mjs`);
    assert.ok(readFileSync(path, "utf-8") === fresh, `${path} is out of date with the sources: run node frontend/build.mjs`);
  }
});

// The WebViews of older phones run ES2017: esbuild lowers later syntax, and none is left.
test("the bundle is one ES2017 script without module syntax", async () => {
  const text = await bundle(BUNDLES["collect.js"]);
  const acorn = (await import("../../frontend/node_modules/acorn/dist/acorn.mjs"));
  assert.doesNotThrow(() => acorn.parse(text, { ecmaVersion: 2017, sourceType: "script" }));
  assert.ok(!/<\/script/i.test(text), "the bundle must not contain a closing script tag (it is inlined)");
});
