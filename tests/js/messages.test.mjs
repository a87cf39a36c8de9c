// The catalogue on the page (common/messages.js) words a code with its params as the server
// does (domain/messages.py), in the page's language at the moment of asking.
import assert from "node:assert/strict";
import { test } from "node:test";

import { coded, createMessages, languageOf, message } from "../../backend/web/static/common/messages.js";

// entries as GET /api/v1/messages serves them
const CATALOGUE = {
  messages: {
    too_large: { en: "Must be at most {max}.", zh: "不能大于 {max}。" },
    town_out_of_scope: { en: "Town {town} is outside the scope of this account.", zh: "镇 {town} 不在本账号的范围内。" },
    exceeds: { en: "{field} ({value}) cannot exceed {other} ({other_value}).", zh: "{field}（{value}）不能超过{other}（{other_value}）。" },
    not_one_of: { en: "Must be one of: {choices}.", zh: "须为以下之一：{choices}。" },
    outside_town: { en: "{path} is {distance} outside the town boundary", zh: "{path}在本镇边界外 {distance}。" },
    "outside_town.whole": { en: "{shape} lies {distance} outside the town boundary", zh: "{shape}在本镇边界外 {distance}。" },
    forbidden: { en: "This account may not do that.", zh: "此账号无权执行该操作。" },
  },
  patterns: { plot: { en: "the plot", zh: "地块" } },
};

function catalogueIn(lang, options = {}) {
  let current = lang;
  const messages = createMessages(CATALOGUE, { language: () => current, ...options });
  return { messages, switchTo: (next) => { current = next; } };
}

test("a code with params is worded in Chinese and in English, following the page's language", () => {
  const { messages, switchTo } = catalogueIn("zh-CN");
  const item = message("town_out_of_scope", { town: "441402102" });
  assert.equal(messages.describe(item), "镇 441402102 不在本账号的范围内。");
  switchTo("en");
  assert.equal(messages.describe(item), "Town 441402102 is outside the scope of this account.");
  assert.equal(messages.text("too_large", { max: 100000 }), "Must be at most 100000.");
});

test("field, choice and path params are named by the page's hooks in Chinese only", () => {
  const names = { film_used_t: "地膜使用量", film_recovered_t: "地膜回收量" };
  const options = { fieldName: (name) => names[name] || null, choiceName: (code) => ({ pig: "猪" })[code] || null,
    pathName: (path) => (path === "location" ? "位置" : null) };
  const { messages, switchTo } = catalogueIn("zh", options);
  const exceeds = { code: "exceeds", params: { field: "film_recovered_t", value: 120.5, other: "film_used_t", other_value: 100 } };
  assert.equal(messages.describe(exceeds), "地膜回收量（120.5）不能超过地膜使用量（100）。");
  assert.equal(messages.describe(message("not_one_of", { choices: ["pig", "goat"] })), "须为以下之一：猪、goat。");
  assert.equal(messages.describe(message("outside_town", { path: "location", distance: 1661.5 })), "位置在本镇边界外 1.7 公里。");
  assert.equal(messages.describe(message("outside_town", { variant: "whole", shape: "plot", distance: 320 })), "地块在本镇边界外 320 米。");
  switchTo("en");
  assert.equal(messages.describe(exceeds), "film_recovered_t (120.5) cannot exceed film_used_t (100).");
  assert.equal(messages.describe(message("outside_town", { variant: "whole", shape: "plot", distance: 320 })),
    "the plot lies 320 m outside the town boundary");
});

test("several problems of one field are joined as the server joins them", () => {
  const { messages, switchTo } = catalogueIn("zh");
  const many = message("invalid", { problems: [message("too_large", { max: 1 }), message("too_large", { max: 2 })] });
  assert.equal(messages.describe(many), "不能大于 1；不能大于 2。");
  switchTo("en");
  assert.equal(messages.describe(many), "Must be at most 1.; Must be at most 2.");
});

test("a text without a code, or a code the catalogue lacks, is shown through the fallback", () => {
  const { messages } = catalogueIn("zh", { untranslated: (text) => `[${text}]` });
  assert.equal(messages.describe("Unknown field."), "[Unknown field.]");
  assert.equal(messages.describe({ code: "brand_new", params: {}, reason: "New reason." }), "[New reason.]");
  assert.equal(messages.text("brand_new", {}), null);
  assert.equal(messages.has("forbidden"), true);
});

test("a problem keeps the server's detail in the page's language, else is worded by its code", () => {
  const { messages, switchTo } = catalogueIn("zh");
  const problem = { problem: { code: "forbidden", title: "Forbidden", detail: "此账号无权执行该操作。" }, language: "zh" };
  assert.equal(messages.problem(problem), "此账号无权执行该操作。");
  switchTo("en");
  assert.equal(messages.problem(problem), "This account may not do that.");
  // a code whose words need params the problem does not carry: its detail as written
  const scoped = { problem: { code: "town_out_of_scope", detail: "镇 1 不在本账号的范围内。" }, language: "zh" };
  assert.equal(messages.problem(scoped), "镇 1 不在本账号的范围内。");
  assert.equal(messages.problem({ code: "forbidden" }), "This account may not do that.");
});

test("invalid_params become errors by path, and language tags become en or zh", () => {
  assert.deepEqual(coded([{ name: "values.a", code: "too_large", params: { max: 1 }, reason: "r" }]),
    { "values.a": [{ code: "too_large", params: { max: 1 }, reason: "r" }] });
  assert.equal(languageOf("en-GB"), "en");
  assert.equal(languageOf("zh-CN"), "zh");
  assert.equal(languageOf(undefined), "zh");
});
