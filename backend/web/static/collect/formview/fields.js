/* The form's fields: the town, the date, one block per field of the indicator (by its kind
 * in the registry) and the note. Every input writes to the draft and calls form.edited(path).
 */
import {h, uid} from '../dom.js';
import {recordRules, today} from '../form.js';
import {choiceLabel, fieldLabel, t, unitLabel} from '../i18n.js';
import {describeInput, errorEl} from './errors.js';

function townBlock(form) {
  const context = form.context;
  if (context.fixedTown) {
    return h('div', {class: 'field'}, [
      h('p', {class: 'fixed'}, [h('span', {class: 'label'}, t('town') + '：'),
        context.fixedTown.name + '（' + context.fixedTown.code + '）']),
      errorEl(form, 'town_code')
    ]);
  }
  const id = uid('town');
  const select = h('select', {id: id, onchange: function () { form.draft.town_code = select.value; form.edited('town_code'); }},
    [h('option', {value: ''}, t('choose_town'))].concat((context.towns || []).map(function (town) {
      return h('option', {value: town.code, selected: town.code === form.draft.town_code},
        (town.county_name ? town.county_name + ' · ' : '') + town.name);
    })));
  const block = h('div', {class: 'field'}, [h('label', {for: id}, t('town')), select, errorEl(form, 'town_code')]);
  describeInput(form, select, 'town_code');
  return block;
}

function dateBlock(form) {
  const id = uid('observed');
  const input = h('input', {id: id, type: 'date', value: form.draft.observed_on || '', max: today(),
    min: recordRules(form.indicator).earliest, onchange: function () { form.draft.observed_on = input.value; form.edited('observed_on'); }});
  const block = h('div', {class: 'field'}, [h('label', {for: id}, t('observed_on')), input, errorEl(form, 'observed_on')]);
  describeInput(form, input, 'observed_on');
  return block;
}

function optional(field) {
  return field.required ? null : h('span', {class: 'optional'}, t('optional'));
}

function label(form, field, id) {
  return h('label', {for: id}, [fieldLabel(form.indicator, field.name), optional(field)]);
}

function numberInput(id, value, onInput) {
  return h('input', {id: id, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: value || '',
    oninput: onInput, onblur: onInput});
}

function withUnit(input, unit) {
  return h('div', {class: 'with-unit'}, [input, h('span', {class: 'unit', 'aria-hidden': 'true'}, unitLabel(unit))]);
}

function quantityBlock(form, field) {
  const path = 'values.' + field.name;
  const id = uid(field.name);
  const values = form.draft.values;
  const hint = h('p', {class: 'hint', id: uid('hint')}, t('range_hint', {
    min: field.minimum || 0, max: field.maximum === null || field.maximum === undefined ? '∞' : field.maximum,
    unit: unitLabel(field.unit)}));
  const input = numberInput(id, values[field.name], function () {
    if (values[field.name] === input.value) { return; }
    values[field.name] = input.value;
    if (field === form.areaField) { form.autoArea = false; }
    form.edited(path);
  });
  const block = h('div', {class: 'field'}, [label(form, field, id), withUnit(input, field.unit), hint, errorEl(form, path)]);
  describeInput(form, input, path, hint);
  if (field === form.areaField) { form.areaInput = input; }
  return block;
}

// A text or date input, or a select of the field's choices: the value as typed or chosen.
function plainBlock(form, field, make) {
  const path = 'values.' + field.name;
  const id = uid(field.name);
  const input = make(id, function () { form.draft.values[field.name] = input.value; form.edited(path); });
  const block = h('div', {class: 'field'}, [label(form, field, id), input, errorEl(form, path)]);
  describeInput(form, input, path);
  return block;
}

function textBlock(form, field) {
  return plainBlock(form, field, function (id, changed) {
    return h('input', {id: id, type: 'text', autocomplete: 'off', value: form.draft.values[field.name] || '', oninput: changed});
  });
}

function choiceBlock(form, field) {
  return plainBlock(form, field, function (id, changed) {
    return h('select', {id: id, onchange: changed}, [h('option', {value: ''}, t('choose'))].concat(
      field.choices.map(function (code) {
        return h('option', {value: code, selected: form.draft.values[field.name] === code}, choiceLabel(code));
      })));
  });
}

function dateFieldBlock(form, field) {
  return plainBlock(form, field, function (id, changed) {
    return h('input', {id: id, type: 'date', value: form.draft.values[field.name] || '', onchange: changed});
  });
}

function partRow(form, field, part, hint) {
  const path = 'values.' + field.name;
  const parts = form.draft.values[field.name];
  const partPath = path + '.' + part;
  const id = uid(part);
  const input = numberInput(id, parts[part], function () {
    if (parts[part] === input.value) { return; }
    parts[part] = input.value;
    form.edited(partPath);
    form.edited(path);
  });
  const row = h('div', {class: 'field part'}, [h('label', {for: id}, fieldLabel(form.indicator, part)),
    withUnit(input, field.unit), errorEl(form, partPath)]);
  describeInput(form, input, partPath, hint);
  return row;
}

function breakdownBlock(form, field) {
  form.draft.values[field.name] = form.draft.values[field.name] || {};
  const hint = h('p', {class: 'hint', id: uid('hint')},
    t('breakdown_hint', {total: fieldLabel(form.indicator, field.total_of)}));
  const rows = (field.parts || []).map(function (part) { return partRow(form, field, part, hint); });
  return h('fieldset', {class: 'breakdown'}, [
    h('legend', null, [fieldLabel(form.indicator, field.name), optional(field)]),
    hint].concat(rows).concat([errorEl(form, 'values.' + field.name)]));
}

const BLOCKS = {quantity: quantityBlock, text: textBlock, choice: choiceBlock, date: dateFieldBlock,
  breakdown: breakdownBlock};

// One block per field of the indicator; a kind this page does not know yet still gets an input.
function valueBlocks(form) {
  return form.indicator.fields.map(function (field) { return (BLOCKS[field.kind] || textBlock)(form, field); });
}

function noteBlock(form) {
  const id = uid('note');
  const note = h('textarea', {id: id, rows: 3, oninput: function () { form.draft.note = note.value; form.edited('note'); }});
  note.value = form.draft.note || '';
  const block = h('div', {class: 'field'}, [h('label', {for: id}, [t('note'),
    h('span', {class: 'optional'}, t('optional'))]), note, errorEl(form, 'note')]);
  describeInput(form, note, 'note');
  return block;
}

export {townBlock, dateBlock, valueBlocks, noteBlock};
