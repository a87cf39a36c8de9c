/* One form per indicator, built from the registry the page embeds (GET /api/v1/indicators'
 * answer): adding an indicator to domain/indicators.py adds its form here with no change.
 *
 * check() applies the API's rules to a draft before it is saved and names what is wrong
 * as the API does: by the codes and params of the server's message catalogue, which
 * describe() (i18n.js) words in the page's language, so what the officer is told on the phone
 * is what the server would have said. The rules mirrored are those of schemas/records.py and
 * schemas/values.py: required fields, bounds, lengths, choices, dates, numerator ≤
 * denominator, field orderings and breakdowns that add up. Only the server can check the
 * place (county and town boundaries) and overlaps; its answers come back through
 * showErrors().
 */
import {msg} from './i18n.js';
import {centre, closed} from './geo.js';
import {uuid} from './uuid.js';

var TOLERANCE = 1e-6;

// ---- reading what was typed ---------------------------------------------------------

function pad2(n) { return n < 10 ? '0' + n : String(n); }

// Full-width digits and punctuation come from Chinese keyboards: read them as ASCII.
function normaliseNumber(text) {
  return String(text).replace(/[\uFF10-\uFF19]/g, function (c) {
    return String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48);
  }).replace(/[\uFF0E\u3002]/g, '.').replace(/\uFF0D/g, '-').replace(/[,\uFF0C\s]/g, '').trim();
}

// → {number} | {empty: true} | {error: message}
export function parseNumber(raw) {
  var text = normaliseNumber(raw === undefined || raw === null ? '' : raw);
  if (text === '') { return {empty: true}; }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) { return {error: msg('not_a_number')}; }
  var number = Number(text);
  if (!isFinite(number)) { return {error: msg('number_out_of_range')}; }
  return {number: number};
}

function codePoints(text) {
  return Array.from ? Array.from(text).length : text.length;
}

// schemas/common.py Range: the bound that is crossed, or null within [min, max]
function rangeMessage(number, min, max) {
  if (number < min) { return msg('too_small', {min: min}); }
  if (max !== null && max !== undefined && number > max) { return msg('too_large', {max: max}); }
  return null;
}

function validDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) { return false; }
  var d = new Date(text + 'T00:00:00Z');
  return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export function today() {
  var d = new Date();
  return d.getFullYear() + '-' + pad2(d.getMonth() + 1) + '-' + pad2(d.getDate());
}

function add(errors, path, message) {
  (errors[path] = errors[path] || []).push(message);
}

// ---- the rules -----------------------------------------------------------------------

// One field's typed input read by its kind's rule: → {value} | {error} | {} (empty).
// Each rule answers what schemas/values.py would, with the same codes.
function readNumber(input, min, max) {
  const parsed = parseNumber(input);
  if (parsed.empty) { return {}; }
  if (parsed.error) { return {error: parsed.error}; }
  const crossed = rangeMessage(parsed.number, min, max);
  return crossed ? {error: crossed} : {value: parsed.number};
}

const READERS = {
  quantity: function (field, input) { return readNumber(input, field.minimum || 0, field.maximum); },
  text: function (field, input) {
    const text = (input || '').trim();
    if (text === '') { return {}; }
    if (field.max_length && codePoints(text) > field.max_length) { return {error: msg('too_long', {max: field.max_length})}; }
    return {value: text};
  },
  choice: function (field, input) {
    if (!input) { return {}; }
    return field.choices.indexOf(input) < 0 ? {error: msg('not_one_of', {choices: field.choices})} : {value: input};
  },
  date: function (field, input) {
    if (!input) { return {}; }
    return validDate(input) ? {value: input} : {error: msg('not_a_date')};
  }
};

// A breakdown's parts, each within the bounds the registry publishes for parts.
function readBreakdown(field, input, bounds, path, errors) {
  const given = {};
  let any = false;
  (field.parts || []).forEach(function (part) {
    const read = readNumber((input || {})[part], bounds.min, bounds.max);
    if (read.error) { add(errors, path + '.' + part, read.error); }
    if (read.error || read.value !== undefined) { any = true; }
    if (read.value !== undefined) { given[part] = read.value; }
  });
  return any ? {value: given} : {};
}

// values: {name: raw text, breakdown: {part: raw text}} → {values, errors}
export function checkValues(indicator, raw) {
  const errors = {};
  const values = {};
  // the registry publishes the bounds of a breakdown's parts with every indicator
  const partBounds = (indicator.record && indicator.record.breakdown_part) || {min: 0, max: 1e7};
  indicator.fields.forEach(function (field) {
    const path = 'values.' + field.name;
    let read;
    if (field.kind === 'breakdown') {
      read = readBreakdown(field, raw[field.name], partBounds, path, errors);
    } else if (READERS[field.kind]) {
      read = READERS[field.kind](field, raw[field.name]);
    } else {
      return;
    }
    if (read.error) {
      add(errors, path, read.error);
    } else if (read.value !== undefined) {
      values[field.name] = read.value;
    } else if (field.required) {
      add(errors, path, msg('required'));
    }
  });
  // marshmallow runs the schema-wide checks only when every field passed
  if (Object.keys(errors).length === 0) { checkConsistency(indicator, values, errors); }
  return {values: values, errors: errors};
}

function has(values, name) { return Object.prototype.hasOwnProperty.call(values, name); }

// schemas/values.py _ValuesBase.check_consistency, message for message.
function checkConsistency(indicator, values, errors) {
  var found = {};
  (indicator.orderings || []).forEach(function (pair) {
    var lesser = pair[0];
    var greater = pair[1];
    if (has(values, lesser) && has(values, greater) && values[lesser] > values[greater] + TOLERANCE) {
      found['values.' + lesser] = [msg('exceeds', {field: lesser, value: values[lesser], other: greater,
        other_value: values[greater]})];
    }
  });
  var numeratorFields = indicator.numerator_fields || [];
  var denominatorField = indicator.denominator_field;
  var all = numeratorFields.concat(denominatorField ? [denominatorField] : []);
  if (Object.keys(found).length === 0 && denominatorField &&
      all.every(function (name) { return has(values, name); })) {
    // numerator: the first field minus any others (fertilised − control uptake)
    var numerator = values[numeratorFields[0]];
    for (var i = 1; i < numeratorFields.length; i++) { numerator -= values[numeratorFields[i]]; }
    var denominator = values[denominatorField];
    if (numerator > denominator * (1 + TOLERANCE) + TOLERANCE) {
      found['values.' + numeratorFields[0]] = [msg('exceeds_for_one_record', {field: numeratorFields.join(' − '),
        value: numerator, other: denominatorField, other_value: denominator})];
    }
  }
  indicator.fields.forEach(function (field) {
    if (field.kind !== 'breakdown' || !values[field.name] || !has(values, field.total_of)) { return; }
    var parts = values[field.name];
    var keys = Object.keys(parts);
    if (keys.length === 0) { return; }
    var total = keys.reduce(function (sum, key) { return sum + parts[key]; }, 0);
    var expected = values[field.total_of];
    if (Math.abs(total - expected) > Math.max(1e-3, 1e-6 * total)) {
      found['values.' + field.name] = [msg('parts_sum', {field: field.name, total: total, other: field.total_of,
        other_value: expected})];
    }
  });
  Object.keys(found).forEach(function (path) { errors[path] = found[path]; });
}

// The bounds of a record besides its values, as the registry publishes them with every
// indicator (schemas/indicators.py record_rules); the fallbacks are for an older page.
export function recordRules(indicator) {
  const rules = indicator.record || {};
  return {
    earliest: rules.observed_on && rules.observed_on.min || '2000-01-01',
    townCode: new RegExp(rules.town_code && rules.town_code.pattern || '^[0-9]{9}(000)?$'),
    noteMax: rules.note ? rules.note.max_length : 500
  };
}

function checkPlace(errors, draft, rules) {
  if (!draft.town_code) {
    add(errors, 'town_code', msg('required'));
  } else if (!rules.townCode.test(draft.town_code)) {
    add(errors, 'town_code', msg('pattern_mismatch', {what: 'town_code'}));
  }
}

function checkDay(errors, draft, rules) {
  if (!draft.observed_on) {
    add(errors, 'observed_on', msg('required'));
  } else if (!validDate(draft.observed_on)) {
    add(errors, 'observed_on', msg('not_a_date'));
  } else if (draft.observed_on > today()) {
    add(errors, 'observed_on', msg('date_in_future'));
  } else if (draft.observed_on < rules.earliest) {
    add(errors, 'observed_on', msg('date_too_early', {min: rules.earliest}));
  }
}

// The whole record as the API will read it: {payload, errors}; errors is {} when it may go.
export function check(indicator, draft) {
  var errors = {};
  const rules = recordRules(indicator);
  checkPlace(errors, draft, rules);
  checkDay(errors, draft, rules);
  var location = currentLocation(draft);
  if (!location) { add(errors, 'location', msg('required')); }
  var checked = checkValues(indicator, draft.values || {});
  Object.keys(checked.errors).forEach(function (path) { errors[path] = checked.errors[path]; });
  var geometry = plotGeometry(draft);
  if (indicator.expects_plot && !geometry) {
    add(errors, 'geometry', msg('plot_required', {indicator: indicator.code}));
  }
  var note = (draft.note || '').trim();
  if (codePoints(note) > rules.noteMax) { add(errors, 'note', msg('too_long', {max: rules.noteMax})); }
  var payload = {
    client_id: draft.client_id,
    indicator: indicator.code,
    town_code: draft.town_code,
    observed_on: draft.observed_on,
    crs: 'EPSG:4326',
    location: location ? {type: 'Point', coordinates: location} : null,
    accuracy_m: draft.location_source === 'gps' && typeof draft.accuracy_m === 'number' ? draft.accuracy_m : null,
    geometry: geometry,
    values: checked.values,
    note: note || null
  };
  return {payload: payload, errors: errors};
}

function plotGeometry(draft) {
  if (draft.plot && draft.plot.length >= 3) {
    return {type: 'Polygon', coordinates: [closed(draft.plot)]};
  }
  return draft.geometry_raw || null;  // a stored multi-part plot that was not redrawn
}

// The record's point: as located or picked, else the centre of the drawn plot.
export function currentLocation(draft) {
  if (draft.location && draft.location_source !== 'plot') { return draft.location; }
  if (draft.plot && draft.plot.length >= 3) { return centre(draft.plot); }
  return draft.location || null;
}

// ---- drafts: what the form edits -----------------------------------------------------

export function newDraft(indicator, townCode) {
  return {
    client_id: uuid(), indicator: indicator.code, town_code: townCode || '',
    observed_on: today(), location: null, accuracy_m: null, location_source: null,
    plot: null, geometry_raw: null, values: {}, note: ''
  };
}

function rawValues(indicator, values) {
  var raw = {};
  indicator.fields.forEach(function (field) {
    var v = values ? values[field.name] : undefined;
    if (v === undefined || v === null) { return; }
    if (field.kind === 'breakdown') {
      raw[field.name] = {};
      Object.keys(v).forEach(function (part) { raw[field.name][part] = String(v[part]); });
    } else {
      raw[field.name] = String(v);
    }
  });
  return raw;
}

// A plot as corners to edit: one polygon's outer ring, without the closing corner.
function editableRing(geometry) {
  if (!geometry) { return null; }
  var polygon = null;
  if (geometry.type === 'Polygon') { polygon = geometry.coordinates; }
  if (geometry.type === 'MultiPolygon' && geometry.coordinates.length === 1) { polygon = geometry.coordinates[0]; }
  if (!polygon || polygon.length !== 1) { return null; }  // holes or parts: keep as is
  var ring = polygon[0].map(function (p) { return [p[0], p[1]]; });
  ring.pop();
  return ring;
}

// A queued record (its payload) back into a draft, to fix what the server refused.
export function draftFromPayload(indicator, payload) {
  var ring = editableRing(payload.geometry);
  return {
    client_id: payload.client_id, indicator: indicator.code, town_code: payload.town_code,
    observed_on: payload.observed_on,
    location: payload.location ? payload.location.coordinates.slice(0, 2) : null,
    accuracy_m: payload.accuracy_m, location_source: payload.accuracy_m !== null ? 'gps' : 'map',
    plot: ring, geometry_raw: ring ? null : payload.geometry || null,
    values: rawValues(indicator, payload.values), note: payload.note || ''
  };
}

// A stored record into a draft for its correction: its WGS84 point and plot.
export function draftFromRecord(indicator, record) {
  var ring = editableRing(record.geometry);
  return {
    client_id: record.client_id, indicator: indicator.code, town_code: record.town_code,
    // an imported ledger row may have no location: the correction on the phone adds one
    observed_on: record.observed_on, location: record.location ? record.location.coordinates.slice(0, 2) : null,
    accuracy_m: record.accuracy_m, location_source: 'record',
    plot: ring, geometry_raw: ring ? null : record.geometry || null,
    values: rawValues(indicator, record.values), note: record.note || ''
  };
}

