// The phone form's rules (collect/form.js) find what the API would refuse, with the codes
// of the message catalogue (GET /api/v1/messages) and their params.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as form from "../../backend/web/static/collect/form.js";

// compare the answers as plain JSON (no undefined members)
const plain = (value) => JSON.parse(JSON.stringify(value));
const parseNumber = (text) => plain(form.parseNumber(text));
const checkValues = (indicator, raw) => plain(form.checkValues(indicator, raw));
const coded = (code, params = {}) => ({ code, params });

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

test("typed numbers: full-width digits and separators are read, anything else is refused", () => {
  assert.deepEqual(parseNumber("１２０．５"), { number: 120.5 });
  assert.deepEqual(parseNumber("1,200"), { number: 1200 });
  assert.deepEqual(parseNumber("  "), { empty: true });
  assert.deepEqual(parseNumber("12abc"), { error: coded("not_a_number") });
  assert.deepEqual(parseNumber("1e999"), { error: coded("number_out_of_range") });
});

test("required fields and bounds", () => {
  const { errors } = checkValues(FILM, { film_used_t: "", film_recovered_t: "200000" });
  assert.deepEqual(errors, {
    "values.film_used_t": [coded("required")],
    "values.film_recovered_t": [coded("too_large", { max: 100000 })],
  });
});

test("a numerator above its denominator names both fields", () => {
  const { errors } = checkValues(FILM, { film_used_t: "100", film_recovered_t: "120.5" });
  assert.deepEqual(errors, {
    "values.film_recovered_t": [coded("exceeds_for_one_record",
      { field: "film_recovered_t", other: "film_used_t", other_value: 100, value: 120.5 })],
  });
  assert.deepEqual(checkValues(FILM, { film_used_t: "100", film_recovered_t: "90" }).errors, {});
});

test("an ordering between two fields is checked before the ratio", () => {
  const raw = { crop: "rice", nutrient_applied_kg: "10", uptake_fertilized_kg: "5", uptake_control_kg: "6" };
  assert.deepEqual(checkValues(FERTILIZER, raw).errors, {
    "values.uptake_control_kg": [coded("exceeds",
      { field: "uptake_control_kg", value: 6, other: "uptake_fertilized_kg", other_value: 5 })],
  });
});
