// The phone form's rules (collect/form.js) give the API's own messages for the same input.
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadScripts } from "./load.mjs";

const MZ = loadScripts("collect/form.js");
const { pyFloat, pyG } = MZ.form;
// the scripts run in their own realm: compare their objects as plain JSON
const plain = (value) => JSON.parse(JSON.stringify(value));
const parseNumber = (text) => plain(MZ.form.parseNumber(text));
const checkValues = (indicator, raw) => plain(MZ.form.checkValues(indicator, raw));

// two entries as GET /api/v1/indicators serves them (schemas/indicators.py)
const quantity = (name, maximum) => ({ name, kind: "quantity", unit: "t", required: true, minimum: 0, maximum });
const FILM = {
  code: "film_recovery", kind: "rate",
  fields: [quantity("film_used_t", 100000.0), quantity("film_recovered_t", 100000.0)],
  numerator_fields: ["film_recovered_t"], denominator_field: "film_used_t", orderings: [],
};
const FERTILIZER = {
  code: "fertilizer_efficiency", kind: "rate",
  fields: [{ name: "crop", kind: "text", required: true, max_length: 50 }, quantity("nutrient_applied_kg", 1e8),
    quantity("uptake_fertilized_kg", 1e8), quantity("uptake_control_kg", 1e8)],
  numerator_fields: ["uptake_fertilized_kg", "uptake_control_kg"], denominator_field: "nutrient_applied_kg",
  orderings: [["uptake_control_kg", "uptake_fertilized_kg"]],
};

test("numbers print as Python's str() and format(x, 'g') print them", () => {
  const cases = [[100000, "100000.0"], [0.5, "0.5"], [1e-5, "1e-05"], [1.5e16, "1.5e+16"], [-0, "-0.0"], [3, "3.0"]];
  for (const [number, text] of cases) assert.equal(pyFloat(number), text, `pyFloat(${number})`);
  for (const [number, text] of [[120.5, "120.5"], [1234567, "1.23457e+06"], [0.0001, "0.0001"], [2, "2"]]) {
    assert.equal(pyG(number), text, `pyG(${number})`);
  }
});

test("typed numbers: full-width digits and separators are read, anything else is refused", () => {
  assert.deepEqual(parseNumber("１２０．５"), { number: 120.5 });
  assert.deepEqual(parseNumber("1,200"), { number: 1200 });
  assert.deepEqual(parseNumber("  "), { empty: true });
  assert.deepEqual(parseNumber("12abc"), { error: "Not a valid number." });
  assert.deepEqual(parseNumber("1e999"), { error: "Special numeric values (nan or infinity) are not permitted." });
});

test("required fields and bounds, with marshmallow's wording", () => {
  const { errors } = checkValues(FILM, { film_used_t: "", film_recovered_t: "200000" });
  assert.deepEqual(errors, {
    "values.film_used_t": ["Missing data for required field."],
    "values.film_recovered_t": ["Must be greater than or equal to 0 and less than or equal to 100000.0."],
  });
});

test("a numerator above its denominator names both fields", () => {
  const { errors } = checkValues(FILM, { film_used_t: "100", film_recovered_t: "120.5" });
  assert.deepEqual(errors, {
    "values.film_recovered_t": ["film_recovered_t (120.5) cannot exceed film_used_t (100) for one record."],
  });
  assert.deepEqual(checkValues(FILM, { film_used_t: "100", film_recovered_t: "90" }).errors, {});
});

test("an ordering between two fields is checked before the ratio", () => {
  const raw = { crop: "rice", nutrient_applied_kg: "10", uptake_fertilized_kg: "5", uptake_control_kg: "6" };
  assert.deepEqual(checkValues(FERTILIZER, raw).errors, {
    "values.uptake_control_kg": ["uptake_control_kg (6.0) cannot exceed uptake_fertilized_kg (5.0)."],
  });
});
