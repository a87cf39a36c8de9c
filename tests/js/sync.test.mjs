// The outbox's states (collect/outbox.js) and client ids (collect/uuid.js): what counts as
// done, what needs the officer.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isDone, needsAttention } from "../../backend/web/static/collect/outbox.js";
import { uuid } from "../../backend/web/static/collect/uuid.js";

const MZ = { sync: { uuid, isDone, needsAttention } };

test("client ids are RFC 4122 version 4 UUIDs, never twice the same", () => {
  const ids = new Set(Array.from({ length: 1000 }, () => MZ.sync.uuid()));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("an outbox item is done only once the server has accepted it", () => {
  for (const state of ["created", "replayed", "corrected"]) assert.equal(MZ.sync.isDone({ state }), true, state);
  for (const state of ["queued", "conflict", "invalid", "forbidden"]) assert.equal(MZ.sync.isDone({ state }), false, state);
  for (const state of ["conflict", "invalid", "forbidden"]) assert.equal(MZ.sync.needsAttention({ state }), true, state);
  assert.equal(MZ.sync.needsAttention({ state: "queued" }), false);
});
