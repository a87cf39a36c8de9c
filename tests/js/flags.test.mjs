// A record's flags in words (common/flags.js), with the details a reviewer needs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { FLAG_CODES, createFlags } from "../../backend/web/static/common/flags.js";

test("flags are worded with their details in the page's language", () => {
  let lang = "zh-CN";
  const flags = createFlags({ language: () => lang });
  const far = { code: "photo_far", max_distance_m: 500, photos: [{ id: "a", distance_m: 3012 }, { id: "b", distance_m: 900 }] };
  assert.equal(flags.text(far), "照片位置偏远 (最远 3,012 米)");
  assert.equal(flags.text("photo_missing"), "缺少照片");
  assert.deepEqual(flags.texts([{ code: "overlap", record_ids: [3, 4], overlap_mu: 1.234 }]), ["地块重叠 (与 #3, #4 重叠 1.23 亩)"]);
  lang = "en";
  assert.equal(flags.text({ code: "area_mismatch", declared_mu: 10, computed_mu: 7.5 }),
    "area mismatch (declared 10 mu, computed 7.5 mu)");
  assert.equal(flags.text({ code: "something_new" }), "something_new");
  assert.deepEqual(FLAG_CODES, ["area_mismatch", "overlap", "near_boundary", "photo_far", "photo_date", "photo_missing"]);
});
