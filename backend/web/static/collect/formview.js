/* The form screen: one indicator's fields, the location (GPS or map) and, for plot records,
 * the plot drawn by tapping corners or walking the boundary, with its area live in mu.
 *
 * Every input updates the draft; every change re-checks the draft with the API's rules
 * (form.js) and shows the messages beside the fields they concern, once a field has been
 * touched (all of them after a first save attempt). Messages the server sent back for a
 * queued record are shown the same way until the field they are about is edited.
 */
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};
  var h = MZ.dom.h;
  var t = MZ.i18n.t;
  var i18n = MZ.i18n;
  var WALK_STEP_M = 3;  // a walked point closer than this to the last one adds nothing

  function round1(x) { return Math.round(x * 10) / 10; }

  function fmt(x, digits) {
    return x.toFixed(digits);
  }

  // opts: {indicator, draft, mode: new|edit|fix, recordId, state: {touched, submitted,
  //        serverErrors}, context, settings, onSave(payload, draft) → Promise, onCancel()}
  function open(container, opts) {
    var indicator = opts.indicator;
    var draft = opts.draft;
    var settings = opts.settings;
    var context = opts.context || {};
    var warnAt = settings.gps_warn_accuracy_m;
    // what has been touched, whether saving was tried, what the server said: kept by the app
    // with the draft, so switching the language redraws the form as it was
    var st = opts.state || {};
    st.touched = st.touched || {};
    st.serverErrors = st.serverErrors || {};
    var errorEls = {};      // path → <p class="error">
    var inputsFor = {};     // path → [inputs], for aria-invalid
    var view = null;        // the map, once Leaflet is there
    var tapMode = indicator.expects_plot ? 'plot' : 'point';
    var walkWatch = null;
    var autoArea = false;
    var areaField = null;
    indicator.fields.forEach(function (f) {
      if (!areaField && f.kind === 'quantity' && f.unit === 'mu') { areaField = f; }
    });

    function errorEl(path) {
      var el = h('p', {class: 'error', id: MZ.dom.uid('err'), 'data-path': path, hidden: true});
      errorEls[path] = el;
      return el;
    }

    function describe(input, path, hintEl) {
      var ids = [errorEls[path] ? errorEls[path].id : null, hintEl ? hintEl.id : null].filter(Boolean);
      if (ids.length) { input.setAttribute('aria-describedby', ids.join(' ')); }
      (inputsFor[path] = inputsFor[path] || []).push(input);
    }

    // any edit: the draft changed, its server messages for that path are outdated
    function edited(path) {
      st.touched[path] = true;
      Object.keys(st.serverErrors).forEach(function (p) {
        if (p === path || p.indexOf(path + '.') === 0 || p.indexOf(path + '[') === 0) { delete st.serverErrors[p]; }
      });
      refresh();
    }

    // ---- the fields --------------------------------------------------------------------

    function townBlock() {
      var towns = context.towns || [];
      if (context.fixedTown) {
        return h('div', {class: 'field'}, [
          h('p', {class: 'fixed'}, [h('span', {class: 'label'}, t('town') + '：'),
            context.fixedTown.name + '（' + context.fixedTown.code + '）']),
          errorEl('town_code')
        ]);
      }
      var id = MZ.dom.uid('town');
      var select = h('select', {id: id, onchange: function () { draft.town_code = select.value; edited('town_code'); }},
        [h('option', {value: ''}, t('choose_town'))].concat(towns.map(function (town) {
          return h('option', {value: town.code, selected: town.code === draft.town_code},
            (town.county_name ? town.county_name + ' · ' : '') + town.name);
        })));
      var block = h('div', {class: 'field'}, [h('label', {for: id}, t('town')), select, errorEl('town_code')]);
      describe(select, 'town_code');
      return block;
    }

    function dateBlock() {
      var id = MZ.dom.uid('observed');
      var input = h('input', {id: id, type: 'date', value: draft.observed_on || '', max: MZ.form.today(),
        min: '2000-01-01', onchange: function () { draft.observed_on = input.value; edited('observed_on'); }});
      var block = h('div', {class: 'field'}, [h('label', {for: id}, t('observed_on')), input, errorEl('observed_on')]);
      describe(input, 'observed_on');
      return block;
    }

    function label(field, id) {
      return h('label', {for: id}, [i18n.fieldLabel(indicator, field.name),
        field.required ? null : h('span', {class: 'optional'}, t('optional'))]);
    }

    function numberInput(id, value, onInput) {
      return h('input', {id: id, type: 'text', inputmode: 'decimal', autocomplete: 'off', value: value || '',
        oninput: onInput, onblur: onInput});
    }

    function quantityBlock(field) {
      var path = 'values.' + field.name;
      var id = MZ.dom.uid(field.name);
      var hint = h('p', {class: 'hint', id: MZ.dom.uid('hint')}, t('range_hint', {
        min: field.minimum || 0, max: field.maximum === null || field.maximum === undefined ? '∞' : field.maximum,
        unit: i18n.unitLabel(field.unit)}));
      var input = numberInput(id, draft.values[field.name], function () {
        if (draft.values[field.name] === input.value) { return; }
        draft.values[field.name] = input.value;
        if (field === areaField) { autoArea = false; }
        edited(path);
      });
      var block = h('div', {class: 'field'}, [label(field, id),
        h('div', {class: 'with-unit'}, [input, h('span', {class: 'unit', 'aria-hidden': 'true'}, i18n.unitLabel(field.unit))]),
        hint, errorEl(path)]);
      describe(input, path, hint);
      if (field === areaField) { areaInput = input; }
      return block;
    }

    function textBlock(field) {
      var path = 'values.' + field.name;
      var id = MZ.dom.uid(field.name);
      var input = h('input', {id: id, type: 'text', autocomplete: 'off', value: draft.values[field.name] || '',
        oninput: function () { draft.values[field.name] = input.value; edited(path); }});
      var block = h('div', {class: 'field'}, [label(field, id), input, errorEl(path)]);
      describe(input, path);
      return block;
    }

    function choiceBlock(field) {
      var path = 'values.' + field.name;
      var id = MZ.dom.uid(field.name);
      var select = h('select', {id: id, onchange: function () { draft.values[field.name] = select.value; edited(path); }},
        [h('option', {value: ''}, t('choose'))].concat(field.choices.map(function (code) {
          return h('option', {value: code, selected: draft.values[field.name] === code}, i18n.choiceLabel(code));
        })));
      var block = h('div', {class: 'field'}, [label(field, id), select, errorEl(path)]);
      describe(select, path);
      return block;
    }

    function dateFieldBlock(field) {
      var path = 'values.' + field.name;
      var id = MZ.dom.uid(field.name);
      var input = h('input', {id: id, type: 'date', value: draft.values[field.name] || '',
        onchange: function () { draft.values[field.name] = input.value; edited(path); }});
      var block = h('div', {class: 'field'}, [label(field, id), input, errorEl(path)]);
      describe(input, path);
      return block;
    }

    function breakdownBlock(field) {
      var path = 'values.' + field.name;
      var parts = draft.values[field.name] = draft.values[field.name] || {};
      var hint = h('p', {class: 'hint', id: MZ.dom.uid('hint')},
        t('breakdown_hint', {total: i18n.fieldLabel(indicator, field.total_of)}));
      var rows = (field.parts || []).map(function (part) {
        var partPath = path + '.' + part;
        var id = MZ.dom.uid(part);
        var input = numberInput(id, parts[part], function () {
          if (parts[part] === input.value) { return; }
          parts[part] = input.value;
          edited(partPath);
          edited(path);
        });
        var row = h('div', {class: 'field part'}, [h('label', {for: id}, i18n.fieldLabel(indicator, part)),
          h('div', {class: 'with-unit'}, [input, h('span', {class: 'unit', 'aria-hidden': 'true'}, i18n.unitLabel(field.unit))]),
          errorEl(partPath)]);
        describe(input, partPath, hint);
        return row;
      });
      return h('fieldset', {class: 'breakdown'}, [
        h('legend', null, [i18n.fieldLabel(indicator, field.name),
          field.required ? null : h('span', {class: 'optional'}, t('optional'))]),
        hint].concat(rows).concat([errorEl(path)]));
    }

    var areaInput = null;
    var valueBlocks = indicator.fields.map(function (field) {
      if (field.kind === 'quantity') { return quantityBlock(field); }
      if (field.kind === 'text') { return textBlock(field); }
      if (field.kind === 'choice') { return choiceBlock(field); }
      if (field.kind === 'date') { return dateFieldBlock(field); }
      if (field.kind === 'breakdown') { return breakdownBlock(field); }
      return textBlock(field);  // a kind this page does not know yet still gets an input
    });

    // ---- location ----------------------------------------------------------------------

    var locStatus = h('p', {class: 'loc-status', 'aria-live': 'polite'});
    var gpsWarn = h('p', {class: 'warn', role: 'alert', hidden: true});
    var gpsButton = h('button', {type: 'button', class: 'btn', onclick: locate}, t('use_gps'));

    function locate() {
      if (!navigator.geolocation) { gpsWarn.hidden = false; gpsWarn.textContent = t('gps_unavailable'); return; }
      gpsButton.disabled = true;
      locStatus.textContent = t('locating');
      navigator.geolocation.getCurrentPosition(function (position) {
        gpsButton.disabled = false;
        draft.location = [MZ.geo.round(position.coords.longitude), MZ.geo.round(position.coords.latitude)];
        draft.accuracy_m = round1(position.coords.accuracy);
        draft.location_source = 'gps';
        if (view) { view.centreOn(draft.location, 17); }
        edited('location');
      }, function (error) {
        gpsButton.disabled = false;
        gpsWarn.hidden = false;
        gpsWarn.textContent = t('gps_error', {msg: error.message || error.code});
        showLocation();
      }, {enableHighAccuracy: true, timeout: 30000, maximumAge: 0});
    }

    function showLocation() {
      var point = MZ.form.currentLocation(draft);
      var params = point ? {lon: fmt(point[0], 6), lat: fmt(point[1], 6), acc: draft.accuracy_m} : null;
      if (!point) {
        locStatus.textContent = t('no_location');
      } else if (draft.location_source === 'gps') {
        locStatus.textContent = t('gps_fix', params);
      } else if (draft.location_source === 'plot' || !draft.location) {
        locStatus.textContent = t('plot_point', params);
      } else {
        locStatus.textContent = t('map_point', params);
      }
      var poor = draft.location_source === 'gps' && draft.accuracy_m > warnAt;
      gpsWarn.hidden = !poor;
      if (poor) { gpsWarn.textContent = t('gps_warn', {acc: draft.accuracy_m, max: warnAt}); }
      if (view) { view.showLocation(point, draft.location_source === 'gps' ? draft.accuracy_m : null); }
    }

    var locationBlock = h('fieldset', {class: 'location'}, [
      h('legend', null, t('location_legend')), locStatus, gpsWarn, gpsButton, errorEl('location')]);

    // ---- the map -----------------------------------------------------------------------

    var mapEl = h('div', {class: 'map', role: 'region', 'aria-label': t('map_label')});
    var mapNote = h('p', {class: 'hint'}, settings.basemap_url ? '' : t('map_no_basemap'));
    var modeBlock = null;
    if (indicator.expects_plot) {
      var name = MZ.dom.uid('mode');
      modeBlock = h('div', {class: 'segmented', role: 'radiogroup', 'aria-label': t('tap_mode')}, [
        h('span', {class: 'label'}, t('tap_mode')),
        ['point', 'plot'].map(function (mode) {
          var id = MZ.dom.uid('mode');
          return h('span', {class: 'seg'}, [
            h('input', {type: 'radio', name: name, id: id, value: mode, checked: tapMode === mode,
              onchange: function () { tapMode = mode; }}),
            h('label', {for: id}, t(mode === 'point' ? 'mode_point' : 'mode_plot'))]);
        })]);
    }
    var mapBlock = h('div', {class: 'map-block'}, [modeBlock, mapEl, mapNote]);

    function onTap(point) {
      if (tapMode === 'plot') {
        draft.plot = (draft.plot || []).concat([point]);
        draft.geometry_raw = null;
        plotChanged();
      } else {
        draft.location = point;
        draft.accuracy_m = null;
        draft.location_source = 'map';
        edited('location');
      }
    }

    MZ.mapview.load(settings).then(function () {
      if (!mapEl.isConnected) { return; }  // the officer left the form meanwhile
      view = MZ.mapview.create(mapEl, {settings: settings, outlines: context.outlines || [], onTap: onTap});
      var start = MZ.form.currentLocation(draft) || (draft.plot && draft.plot[0]);
      if (start) { view.centreOn(start, 17); }
      showLocation();
      view.showPlot(draft.plot);
    }, function () {
      mapNote.textContent = t('map_unavailable');
      mapEl.hidden = true;
    });

    // ---- the plot ----------------------------------------------------------------------

    var areaText = h('p', {class: 'area', 'aria-live': 'polite'});
    var walkStatus = h('p', {class: 'hint', 'aria-live': 'polite'});
    var walkButton = h('button', {type: 'button', class: 'btn', onclick: toggleWalk}, t('walk_start'));
    var fillButton = areaField ? h('button', {type: 'button', class: 'btn secondary', onclick: fillArea},
      t('use_plot_area', {field: i18n.fieldLabel(indicator, areaField.name)})) : null;
    var plotBlock = indicator.expects_plot ? h('fieldset', {class: 'plot'}, [
      h('legend', null, t('plot_legend')),
      h('p', {class: 'hint'}, t('plot_hint')),
      areaText,
      h('div', {class: 'row'}, [
        h('button', {type: 'button', class: 'btn secondary', onclick: function () {
          if (draft.plot && draft.plot.length) { draft.plot = draft.plot.slice(0, -1); plotChanged(); }
        }}, t('plot_undo')),
        h('button', {type: 'button', class: 'btn secondary', onclick: function () {
          draft.plot = null; draft.geometry_raw = null; plotChanged();
        }}, t('plot_clear'))]),
      walkButton, walkStatus, fillButton, errorEl('geometry')]) : null;

    function plotArea() {
      return draft.plot && draft.plot.length >= 3 ? MZ.geo.areaMu(draft.plot) : 0;
    }

    function fillArea() {
      if (!areaField || !draft.plot || draft.plot.length < 3) { return; }
      var value = String(Math.round(plotArea() * 100) / 100);
      draft.values[areaField.name] = value;
      if (areaInput) { areaInput.value = value; }
      autoArea = true;
      st.touched['values.' + areaField.name] = true;
    }

    function plotChanged() {
      // an empty area field follows the plot until the officer types a figure of their own
      if (areaField && (autoArea || !draft.values[areaField.name])) { fillArea(); }
      edited('geometry');
      if (!draft.location || draft.location_source === 'plot') { edited('location'); }
    }

    function showPlot() {
      if (!plotBlock) { return; }
      var n = draft.plot ? draft.plot.length : 0;
      areaText.textContent = n ? t('plot_area', {mu: fmt(plotArea(), 2), n: n}) : t('plot_none');
      if (view) { view.showPlot(draft.plot); }
    }

    function toggleWalk() {
      if (walkWatch !== null) { stopWalk(); return; }
      if (!navigator.geolocation) { walkStatus.textContent = t('gps_unavailable'); return; }
      walkButton.textContent = t('walk_stop');
      walkButton.setAttribute('aria-pressed', 'true');
      walkWatch = navigator.geolocation.watchPosition(function (position) {
        var acc = round1(position.coords.accuracy);
        walkStatus.textContent = t('walking', {n: draft.plot ? draft.plot.length : 0, acc: acc});
        if (acc > warnAt) { return; }  // a poor fix would bend the boundary: skip it
        var point = [MZ.geo.round(position.coords.longitude), MZ.geo.round(position.coords.latitude)];
        var last = draft.plot && draft.plot[draft.plot.length - 1];
        if (last && MZ.geo.distanceM(last, point) < WALK_STEP_M) { return; }
        draft.plot = (draft.plot || []).concat([point]);
        draft.geometry_raw = null;
        if (view) { view.centreOn(point, 17); }
        walkStatus.textContent = t('walking', {n: draft.plot.length, acc: acc});
        plotChanged();
      }, function (error) {
        walkStatus.textContent = t('gps_error', {msg: error.message || error.code});
      }, {enableHighAccuracy: true, maximumAge: 0, timeout: 60000});
    }

    function stopWalk() {
      if (walkWatch !== null) { navigator.geolocation.clearWatch(walkWatch); }
      walkWatch = null;
      walkButton.textContent = t('walk_start');
      walkButton.setAttribute('aria-pressed', 'false');
    }

    // ---- note, actions, errors ---------------------------------------------------------

    var noteId = MZ.dom.uid('note');
    var note = h('textarea', {id: noteId, rows: 3, oninput: function () { draft.note = note.value; edited('note'); }});
    note.value = draft.note || '';
    var noteBlock = h('div', {class: 'field'}, [h('label', {for: noteId}, [t('note'),
      h('span', {class: 'optional'}, t('optional'))]), note, errorEl('note')]);
    describe(note, 'note');

    var formErrors = h('div', {class: 'form-errors', role: 'alert', hidden: true});
    var saveButton = h('button', {type: 'submit', class: 'btn primary'}, t(opts.mode === 'fix' ? 'save_fix' : 'save'));
    var title = opts.mode === 'fix' ? t('form_fix', {id: opts.recordId, name: i18n.indicatorName(indicator)})
      : t(opts.mode === 'edit' ? 'form_edit' : 'form_new', {name: i18n.indicatorName(indicator)});

    var form = h('form', {class: 'record-form', novalidate: true, onsubmit: submit}, [
      formErrors, townBlock(), dateBlock(),
      h('fieldset', {class: 'values'}, [h('legend', null, t('values_legend'))].concat(valueBlocks)),
      locationBlock, mapBlock, plotBlock, noteBlock,
      h('div', {class: 'actions'}, [saveButton,
        h('button', {type: 'button', class: 'btn secondary', onclick: opts.onCancel}, t('cancel'))])
    ]);
    var screen = h('section', {class: 'screen form-screen', 'aria-labelledby': 'screen-title'}, [
      h('h2', {id: 'screen-title', tabindex: '-1'}, title),
      i18n.lang() === 'zh' ? h('p', {class: 'subtitle', lang: 'en'}, indicator.name_en) : null,
      form]);
    MZ.dom.clear(container).appendChild(screen);

    // which element shows a message for this path: the field's own, or the nearest parent's
    function target(path) {
      var p = path;
      while (p) {
        if (errorEls[p]) { return p; }
        var cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        p = cut > 0 ? p.slice(0, cut) : '';
      }
      if (path.indexOf('geometry') === 0 && errorEls.location) { return 'location'; }
      return null;
    }

    function refresh() {
      showLocation();
      showPlot();
      var result = MZ.form.check(indicator, draft);
      var shown = {};
      Object.keys(result.errors).forEach(function (path) {
        if (st.submitted || st.touched[path] || st.touched[target(path) || path]) { shown[path] = result.errors[path]; }
      });
      Object.keys(st.serverErrors).forEach(function (path) {
        if (!shown[path]) { shown[path] = st.serverErrors[path]; }
      });
      render(shown);
      return result;
    }

    function render(errors) {
      Object.keys(errorEls).forEach(function (path) { errorEls[path].hidden = true; errorEls[path].textContent = ''; });
      Object.keys(inputsFor).forEach(function (path) {
        inputsFor[path].forEach(function (input) { input.removeAttribute('aria-invalid'); });
      });
      var loose = [];
      Object.keys(errors).forEach(function (path) {
        var messages = [].concat(errors[path]).map(function (m) {
          return i18n.describe(m, indicator);
        });
        var key = target(path);
        if (!key) { loose.push(i18n.pathLabel(indicator, path) + '：' + messages.join(' ')); return; }
        var el = errorEls[key];
        var prefix = key !== path && path.indexOf('values.') === 0 ? i18n.pathLabel(indicator, path) + '：' : '';
        el.textContent = (el.textContent ? el.textContent + ' ' : '') + prefix + messages.join(' ');
        el.hidden = false;
        (inputsFor[key] || []).forEach(function (input) { input.setAttribute('aria-invalid', 'true'); });
      });
      formErrors.hidden = loose.length === 0;
      MZ.dom.clear(formErrors);
      loose.forEach(function (line) { formErrors.appendChild(h('p', null, line)); });
    }

    function submit(event) {
      event.preventDefault();
      st.submitted = true;
      var result = refresh();
      var count = Object.keys(result.errors).length;
      if (count) {
        MZ.dom.toast(t('fix_errors', {n: count}), 'bad');
        var first = form.querySelector('[aria-invalid="true"]');
        if (first) { first.focus(); }
        return;
      }
      saveButton.disabled = true;
      stopWalk();
      Promise.resolve(opts.onSave(result.payload, draft)).then(function (outcome) {
        saveButton.disabled = false;
        if (outcome && outcome.errors) {  // the server refused a correction: show why, here
          st.serverErrors = outcome.errors;
          refresh();
        }
      }, function (error) {
        saveButton.disabled = false;
        MZ.dom.toast(String(error && error.message || error), 'bad');
      });
    }

    refresh();
    return {
      destroy: function () {
        stopWalk();
        if (view) { view.destroy(); view = null; }
      },
      showErrors: function (errors) { st.serverErrors = errors || {}; refresh(); }
    };
  }

  MZ.formview = {open: open};
})();
