// One fetch wrapper for both web apps (common/request.js): JSON in and out, problem+json
// as an error carrying its code, title, detail, invalid_params and status.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ProblemError, createClient, problemError, request, send } from "../../backend/web/static/common/request.js";

// a stand-in for fetch that answers once and remembers what it was asked
function stub(status, body, headers = {}) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers });
  };
  return { fetch, calls };
}

const PROBLEM = {
  type: "about:blank", title: "Unprocessable Entity", status: 422, code: "validation_failed",
  detail: "请求中以下字段无效：values.film_used_t。",
  invalid_params: [{ name: "values.film_used_t", code: "too_large", params: { max: 100000 }, reason: "不能大于 100000。" }],
};

test("a problem+json answer rejects with an error carrying the problem", async () => {
  const { fetch } = stub(422, PROBLEM, { "Content-Type": "application/problem+json", "Content-Language": "zh" });
  const error = await request("POST", "/api/v1/records", { body: { a: 1 }, fetch }).then(
    () => assert.fail("a 422 must reject"), (e) => e);
  assert.ok(error instanceof ProblemError);
  assert.equal(error.status, 422);
  assert.equal(error.code, "validation_failed");
  assert.equal(error.title, "Unprocessable Entity");
  assert.equal(error.detail, PROBLEM.detail);
  assert.deepEqual(error.invalid_params, PROBLEM.invalid_params);
  assert.equal(error.message, PROBLEM.detail);
  assert.equal(error.language, "zh");
  assert.equal(error.network, false);
});

test("JSON goes out with the language, the CSRF token on writes and a bearer token", async () => {
  const { fetch, calls } = stub(201, { id: 7 });
  assert.deepEqual(await request("POST", "/x", { body: { a: 1 }, language: "en", csrf: "tok", bearer: "b", fetch }), { id: 7 });
  const { headers, body, method, credentials } = calls[0].init;
  assert.equal(method, "POST");
  assert.equal(credentials, "same-origin");
  assert.equal(body, '{"a":1}');
  assert.equal(headers["Content-Type"], "application/json");
  assert.equal(headers["Accept-Language"], "en");
  assert.equal(headers["X-CSRF-Token"], "tok");
  assert.equal(headers.Authorization, "Bearer b");
  const get = stub(200, { ok: 1 });
  await request("GET", "/x", { csrf: "tok", language: "zh-CN", fetch: get.fetch });
  assert.equal(get.calls[0].init.headers["X-CSRF-Token"], undefined);
  assert.equal(get.calls[0].init.headers["Accept-Language"], "zh-CN");
});

test("send never rejects: a failed network is status 0, a 204 is null data", async () => {
  const offline = await send("GET", "/x", { fetch: async () => { throw new TypeError("Failed to fetch"); } });
  assert.equal(offline.ok, false);
  assert.equal(offline.status, 0);
  assert.equal(offline.network, true);
  assert.equal(problemError(offline).network, true);
  const empty = await send("DELETE", "/x", { fetch: stub(204).fetch });
  assert.deepEqual([empty.ok, empty.status, empty.data], [true, 204, null]);
});

test("a client's defaults are read at every call", async () => {
  let token = "one";
  const { fetch, calls } = stub(200, {});
  const client = createClient({ csrf: () => token, fetch });
  await client.send("PUT", "/x", { body: "raw", raw: true, contentType: "image/jpeg" });
  token = "two";
  await client.request("PATCH", "/x", { body: {} });
  assert.equal(calls[0].init.headers["X-CSRF-Token"], "one");
  assert.equal(calls[0].init.body, "raw");
  assert.equal(calls[0].init.headers["Content-Type"], "image/jpeg");
  assert.equal(calls[1].init.headers["X-CSRF-Token"], "two");
});

test("a FormData body goes out as it is, its Content-Type (with the boundary) left to fetch", async () => {
  const { fetch, calls } = stub(200, { ok: true });
  const form = new FormData();
  form.append("dry_run", "true");
  await request("POST", "/api/v1/imports", { body: form, raw: true, csrf: "t0k", fetch });
  assert.equal(calls[0].init.body, form);
  assert.equal(calls[0].init.headers["Content-Type"], undefined);
  assert.equal(calls[0].init.headers["X-CSRF-Token"], "t0k");
});
