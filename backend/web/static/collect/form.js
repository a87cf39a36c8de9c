/* One form per indicator, built from the registry the page embeds (GET /api/v1/indicators'
 * answer): adding an indicator to domain/indicators.py adds its form here with no change.
 *
 * check() applies the API's rules to a draft before it is saved and names what is wrong
 * as the API does: by the codes and params of the server's message catalogue, which
 * i18n.describe() words in the page's language, so what the officer is told on the phone
 * is what the server would have said. The rules mirrored are those of schemas/records.py and
 * schemas/values.py: required fields, bounds, lengths, choices, dates, numerator ≤
 * denominator, field orderings and breakdowns that add up. Only the server can check the
 * place (county and town boundaries) and overlaps; its answers come back through
 * showErrors().
 */
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};
  var i18n = MZ.i18n;
  var msg = i18n.msg;
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
  function parseNumber(raw) {
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

  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + pad2(d.getMonth() + 1) + '-' + pad2(d.getDate());
  }

  function add(errors, path, message) {
    (errors[path] = errors[path] || []).push(message);
  }

  // ---- the rules -----------------------------------------------------------------------

  // values: {name: raw text, breakdown: {part: raw text}} → {values, errors}
  function checkValues(indicator, raw) {
    var errors = {};
    // the registry publishes the bounds of a breakdown's parts with every indicator
    var partBounds = (indicator.record && indicator.record.breakdown_part) || {min: 0, max: 1e7};
    var values = {};
    indicator.fields.forEach(function (field) {
      var path = 'values.' + field.name;
      var input = raw[field.name];
      if (field.kind === 'quantity') {
        var parsed = parseNumber(input);
        if (parsed.empty) {
          if (field.required) { add(errors, path, msg('required')); }
        } else if (parsed.error) {
          add(errors, path, parsed.error);
        } else if (rangeMessage(parsed.number, field.minimum || 0, field.maximum)) {
          add(errors, path, rangeMessage(parsed.number, field.minimum || 0, field.maximum));
        } else {
          values[field.name] = parsed.number;
        }
      } else if (field.kind === 'text') {
        var text = (input || '').trim();
        if (text === '') {
          if (field.required) { add(errors, path, msg('required')); }
        } else if (field.max_length && codePoints(text) > field.max_length) {
          add(errors, path, msg('too_long', {max: field.max_length}));
        } else {
          values[field.name] = text;
        }
      } else if (field.kind === 'choice') {
        if (!input) {
          if (field.required) { add(errors, path, msg('required')); }
        } else if (field.choices.indexOf(input) < 0) {
          add(errors, path, msg('not_one_of', {choices: field.choices}));
        } else {
          values[field.name] = input;
        }
      } else if (field.kind === 'date') {
        if (!input) {
          if (field.required) { add(errors, path, msg('required')); }
        } else if (!validDate(input)) {
          add(errors, path, msg('not_a_date'));
        } else {
          values[field.name] = input;
        }
      } else if (field.kind === 'breakdown') {
        var given = {};
        var any = false;
        (field.parts || []).forEach(function (part) {
          var p = parseNumber((input || {})[part]);
          if (p.empty) { return; }
          any = true;
          if (p.error) {
            add(errors, path + '.' + part, p.error);
          } else if (rangeMessage(p.number, partBounds.min, partBounds.max)) {
            add(errors, path + '.' + part, rangeMessage(p.number, partBounds.min, partBounds.max));
          } else {
            given[part] = p.number;
          }
        });
        if (any) { values[field.name] = given; } else if (field.required) {
          add(errors, path, msg('required'));
        }
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

  // The whole record as the API will read it: {payload, errors}; errors is {} when it may go.
  function check(indicator, draft) {
    var errors = {};
    if (!draft.town_code) {
      add(errors, 'town_code', msg('required'));
    } else if (!/^\d{9}(000)?$/.test(draft.town_code)) {
      add(errors, 'town_code', msg('pattern_mismatch', {what: 'town_code'}));
    }
    if (!draft.observed_on) {
      add(errors, 'observed_on', msg('required'));
    } else if (!validDate(draft.observed_on)) {
      add(errors, 'observed_on', msg('not_a_date'));
    } else if (draft.observed_on > today()) {
      add(errors, 'observed_on', msg('date_in_future'));
    } else if (draft.observed_on < '2000-01-01') {
      add(errors, 'observed_on', msg('date_too_early', {min: '2000-01-01'}));
    }
    var location = currentLocation(draft);
    if (!location) { add(errors, 'location', msg('required')); }
    var checked = checkValues(indicator, draft.values || {});
    Object.keys(checked.errors).forEach(function (path) { errors[path] = checked.errors[path]; });
    var geometry = plotGeometry(draft);
    if (indicator.expects_plot && !geometry) {
      add(errors, 'geometry', msg('plot_required', {indicator: indicator.code}));
    }
    var note = (draft.note || '').trim();
    var noteMax = indicator.record && indicator.record.note ? indicator.record.note.max_length : 500;
    if (codePoints(note) > noteMax) { add(errors, 'note', msg('too_long', {max: noteMax})); }
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
      return {type: 'Polygon', coordinates: [MZ.geo.closed(draft.plot)]};
    }
    return draft.geometry_raw || null;  // a stored multi-part plot that was not redrawn
  }

  // The record's point: as located or picked, else the centre of the drawn plot.
  function currentLocation(draft) {
    if (draft.location && draft.location_source !== 'plot') { return draft.location; }
    if (draft.plot && draft.plot.length >= 3) { return MZ.geo.centre(draft.plot); }
    return draft.location || null;
  }

  // ---- drafts: what the form edits -----------------------------------------------------

  function newDraft(indicator, townCode) {
    return {
      client_id: MZ.sync.uuid(), indicator: indicator.code, town_code: townCode || '',
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
  function draftFromPayload(indicator, payload) {
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
  function draftFromRecord(indicator, record) {
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

  MZ.form = {
    check: check, checkValues: checkValues, parseNumber: parseNumber,
    newDraft: newDraft, draftFromPayload: draftFromPayload, draftFromRecord: draftFromRecord,
    currentLocation: currentLocation, today: today
  };
})();
