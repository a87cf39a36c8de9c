/* The app: screens, navigation (the URL hash, so the phone's back button works), sign-in
 * and sign-out, and when to send.
 *
 * The first screen is drawn from what the page and the phone already hold (the embedded
 * registry, the profile of the last signed-in user in IndexedDB): no network round trip
 * stands between opening the app and using it, in a village without signal or on a slow
 * link. The session is checked and the outbox sent in the background.
 */
(function () {
  'use strict';
  var MZ = window.MZ = window.MZ || {};
  var h = MZ.dom.h;
  var t = MZ.i18n.t;
  var i18n = MZ.i18n;
  var S = {
    settings: JSON.parse(document.getElementById('mz-settings').textContent),
    user: null,          // profile of the signed-in user (IndexedDB meta 'user')
    context: null,       // town, towns, outlines (IndexedDB meta 'context')
    sessionExpired: false,
    form: null,          // the open form's controller
    drafts: {},          // open forms by route: {draft, state}, kept while the app is open
    mine: {},            // records last read from the server, by id
    sending: false
  };
  var INDICATORS = {};
  S.settings.indicators.forEach(function (ind) { INDICATORS[ind.code] = ind; });
  var main = document.getElementById('main');

  function online() { return navigator.onLine !== false; }

  // ---- chrome: title, network state, language, tabs -------------------------------------

  function renderChrome() {
    document.title = t('app_title');
    document.getElementById('title').textContent = t('app_title');
    var lang = document.getElementById('lang');
    lang.textContent = t('switch_lang');
    lang.setAttribute('lang', i18n.lang() === 'zh' ? 'en' : 'zh-CN');
    document.getElementById('skip').textContent = t('skip');
    var net = document.getElementById('net');
    net.textContent = online() ? t('online') : t('offline');
    net.className = 'net ' + (online() ? 'on' : 'off');
    var tabs = document.getElementById('tabs');
    tabs.setAttribute('aria-label', t('nav'));
    // a form has its own bar at the bottom (save, cancel): the tabs would crowd the map
    var inForm = ['new', 'edit', 'fix'].indexOf(route().name) >= 0;
    tabs.hidden = !S.user || inForm;
    document.body.classList.toggle('in-form', inForm);
    MZ.dom.clear(tabs);
    var current = route().name;
    [['home', 'tab_new'], ['queue', 'tab_queue'], ['mine', 'tab_mine'], ['account', 'tab_account']].forEach(function (tab) {
      var active = current === tab[0] || (tab[0] === 'home' && current === 'new') ||
        (tab[0] === 'queue' && current === 'edit') || (tab[0] === 'mine' && current === 'fix');
      var label = [t(tab[1])];
      if (tab[0] === 'queue') { label.push(h('span', {class: 'count', id: 'queue-count'}, '')); }
      tabs.appendChild(h('a', {href: '#' + tab[0], class: 'tab', 'aria-current': active ? 'page' : null}, label));
    });
    updateCount();
  }

  function updateCount() {
    var el = document.getElementById('queue-count');
    if (!el || !S.user) { return; }
    MZ.sync.items(S.user.username).then(function (rows) {
      var waiting = rows.filter(function (r) { return !MZ.sync.isDone(r); }).length;
      el.textContent = waiting ? String(waiting) : '';
      el.hidden = !waiting;
    });
  }

  // ---- navigation -------------------------------------------------------------------------

  function route() {
    var parts = (location.hash || '#home').slice(1).split('/');
    return {name: parts[0] || 'home', arg: parts.slice(1).join('/') ? decodeURIComponent(parts.slice(1).join('/')) : null};
  }

  function go(hash) {
    if (location.hash === hash) { render(); } else { location.hash = hash; }
  }

  function render() {
    if (S.form) { S.form.destroy(); S.form = null; }
    S.refresh = null;
    var r = route();
    renderChrome();
    if (!S.user && r.name !== 'signin') { return screenSignIn(); }
    var screens = {signin: screenSignIn, home: screenHome, new: screenNew, edit: screenEdit, fix: screenFix,
      queue: screenQueue, mine: screenMine, account: screenAccount};
    (screens[r.name] || screenHome)(r.arg);
    var heading = document.getElementById('screen-title');
    if (heading && document.activeElement !== heading && r.name !== 'signin') { heading.focus({preventScroll: true}); }
  }

  function screen(titleText, children) {
    MZ.dom.clear(main);
    var banner = S.sessionExpired && S.user ? h('div', {class: 'banner', role: 'alert'}, [
      h('p', null, t('session_expired')), h('a', {class: 'btn', href: '#signin'}, t('signin'))]) : null;
    var section = h('section', {class: 'screen', 'aria-labelledby': 'screen-title'}, [
      h('h2', {id: 'screen-title', tabindex: '-1'}, titleText), banner].concat(children));
    main.appendChild(section);
    return section;
  }

  // ---- sign-in ----------------------------------------------------------------------------

  function screenSignIn() {
    var error = h('p', {class: 'error', role: 'alert', hidden: true});
    var user = h('input', {id: 'username', name: 'username', autocomplete: 'username', autocapitalize: 'none',
      spellcheck: 'false', required: true, value: S.user ? S.user.username : ''});
    var pass = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
    var button = h('button', {type: 'submit', class: 'btn primary'}, t('signin'));
    var form = h('form', {class: 'signin', novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      error.hidden = true;
      if (!online()) { error.textContent = t('signin_offline'); error.hidden = false; return; }
      button.disabled = true;
      button.textContent = t('signing_in');
      MZ.sync.signIn(user.value.trim(), pass.value).then(function (result) {
        button.disabled = false;
        button.textContent = t('signin');
        if (!result.ok) {
          error.textContent = t('signin_failed', {msg: MZ.sync.problem(result)});
          error.hidden = false;
          pass.focus();
          return null;
        }
        pass.value = '';
        // a temporary password: the server refuses everything else until it is changed
        return adopt(result.data.user).then(function () {
          if (result.data.user.must_change_password) { go('#account'); } else { go('#home'); sendNow(); }
        });
      });
    }}, [
      h('p', null, t('signin_intro')),
      h('div', {class: 'field'}, [h('label', {for: 'username'}, t('username')), user]),
      h('div', {class: 'field'}, [h('label', {for: 'password'}, t('password')), pass]),
      error, button]);
    screen(t('signin_title'), [form]);
  }

  // Take a signed-in user: keep the profile, and fetch the places the forms need (town name,
  // outlines, towns to choose from) in the background, for offline use; nobody waits for it.
  function adopt(user) {
    var changed = !S.user || S.user.username !== user.username || S.user.unit_code !== user.unit_code;
    S.user = user;
    S.sessionExpired = false;
    if (changed) { S.context = null; }
    if (changed || !S.context) {
      loadContext(user).then(function () { if (S.refresh) { S.refresh(); } });
    }
    return MZ.store.setMeta('user', user);
  }

  function getJSON(path) {
    return MZ.sync.api('GET', path).then(function (r) {
      if (!r.ok) { throw new Error(MZ.sync.problem(r)); }
      return r.data;
    });
  }

  function loadContext(user) {
    var county = user.unit_code.slice(0, 6);
    var wanted = [getJSON('/api/v1/units?level=county')];
    if (user.role === 'town_officer') {
      wanted.push(getJSON('/api/v1/units/' + user.unit_code), getJSON('/api/v1/units/' + county));
    } else if (user.role === 'county_reviewer') {
      wanted.push(null, getJSON('/api/v1/units/' + county));
    } else {
      wanted.push(null, null, getJSON('/api/v1/units?level=town'));
    }
    return Promise.all(wanted).then(function (answers) {
      var counties = {};
      answers[0].forEach(function (c) { counties[c.code] = c.name; });
      var context = {counties: counties, fixedTown: null, towns: [], outlines: []};
      if (answers[1]) {
        context.fixedTown = {code: answers[1].code, name: answers[1].name};
        if (answers[1].boundary) { context.outlines.push(answers[1].boundary); }
      }
      if (answers[2]) {
        if (answers[2].boundary) { context.outlines.unshift(answers[2].boundary); }
        if (!context.fixedTown) { context.towns = answers[2].children.filter(function (u) { return u.level === 'town'; }); }
      }
      if (answers[3]) {
        context.towns = answers[3].map(function (u) {
          return {code: u.code, name: u.name, county_name: counties[u.parent_code] || u.parent_code};
        });
      }
      S.context = context;
      return MZ.store.setMeta('context', context);
    }).catch(function () { /* offline or refused: the forms still work with codes */ });
  }

  // Is the cookie session still good? Never blocks the screen; called in the background.
  function checkSession() {
    if (!online()) { return Promise.resolve(null); }
    return MZ.sync.readSession().then(function (result) {
      if (result.ok) {
        var first = !S.user;
        return adopt(result.data.user).then(function () {
          if (first || route().name === 'signin') { go('#home'); } else { renderChrome(); }
          return result;
        });
      }
      if (result.status === 401 && S.user) {
        S.sessionExpired = true;
        if (route().name !== 'new' && route().name !== 'edit' && route().name !== 'fix') { render(); }
      }
      return result;
    });
  }

  // ---- sending ------------------------------------------------------------------------------

  function countsText(counts) {
    return Object.keys(counts).map(function (state) { return t('state_' + state) + ' ' + counts[state]; }).join('，');
  }

  function sendNow() {
    // nothing is sent with a temporary password: the server would refuse it (403)
    if (!S.user || S.user.must_change_password) { return Promise.resolve(null); }
    S.sending = true;
    refreshLists();
    return MZ.sync.run(S.user.username, S.settings.batch_max_records).then(function (summary) {
      S.sending = false;
      if (summary.auth) {
        S.sessionExpired = true;
        MZ.dom.toast(t('session_expired'), 'bad');
      } else if (!summary.ok) {
        MZ.dom.toast(t('sync_failed', {msg: summary.message}), 'bad');
      } else if (summary.sent) {
        MZ.dom.toast(t('sync_done', {summary: countsText(summary.counts)}), 'good');
      }
      refreshLists();
      return summary;
    });
  }

  // the outbox changed: redraw what shows it (the screen says what), never an open form
  function refreshLists() {
    updateCount();
    if (S.refresh) { S.refresh(); }
  }

  // ---- home: the forms ----------------------------------------------------------------------

  function screenHome() {
    var status = h('div', {class: 'card status', 'aria-live': 'polite'}, t('loading'));
    var tiles = S.user.role === 'analyst' ? [h('p', {class: 'warn'}, t('analyst_readonly'))] : [
      h('p', null, t('choose_indicator')),
      h('ul', {class: 'tiles'}, S.settings.indicators.map(function (ind) {
        return h('li', null, h('a', {class: 'tile', href: '#new/' + ind.code, 'data-indicator': ind.code}, [
          h('span', {class: 'tile-name'}, i18n.indicatorName(ind)),
          i18n.lang() === 'zh' ? h('span', {class: 'tile-sub', lang: 'en'}, ind.name_en) : null]));
      }))];
    var place = S.user.unit_name ? S.user.unit_name + ' · ' : '';
    // the outbox status comes after the tiles: it is read asynchronously, and must not push
    // the tiles down under the officer's thumb as it appears
    screen(t('home_title'), [h('p', {class: 'who'}, place + S.user.username)].concat(tiles).concat([status]));
    S.refresh = function () { showStatus(status); };
    showStatus(status);
  }

  function showStatus(status) {
    MZ.sync.items(S.user.username).then(function (rows) {
      var waiting = rows.filter(function (r) { return r.state === 'queued'; }).length;
      var attention = rows.filter(MZ.sync.needsAttention).length;
      MZ.dom.clear(status).appendChild(h('p', null, waiting ? t('queued_summary', {n: waiting}) : t('nothing_queued')));
      if (attention) { status.appendChild(h('p', {class: 'warn'}, h('a', {href: '#queue'}, t('attention_summary', {n: attention})))); }
      if (waiting) { status.appendChild(sendButton()); }
    });
  }

  function sendButton() {
    return h('button', {type: 'button', class: 'btn primary send', disabled: S.sending || !online(),
      onclick: function () { sendNow(); }}, S.sending ? t('sending') : t('send_now'));
  }

  // ---- forms ----------------------------------------------------------------------------------

  function formContext() {
    var ctx = S.context || {towns: [], outlines: []};
    var fixed = ctx.fixedTown || (S.user.role === 'town_officer' ? {code: S.user.unit_code, name: S.user.unit_name} : null);
    return {fixedTown: fixed, towns: ctx.towns || [], outlines: ctx.outlines || []};
  }

  function screenNew(code) {
    var indicator = INDICATORS[code];
    if (!indicator) { return go('#home'); }
    var key = 'new/' + code;
    var ctx = formContext();
    var kept = keep(key, function () {
      return {draft: MZ.form.newDraft(indicator, ctx.fixedTown ? ctx.fixedTown.code : '')};
    });
    var draft = kept.draft;
    S.form = MZ.formview.open(main, {
      indicator: indicator, draft: draft, mode: 'new', context: ctx, settings: S.settings, state: kept.state,
      photos: MZ.photos.picker(S.user.username, draft.client_id, S.settings.photo_max_side_px),
      onCancel: function () { delete S.drafts[key]; MZ.photos.forget([draft.client_id]); go('#home'); },
      onSave: function (payload) {
        return MZ.sync.queueRecord(S.user.username, payload, draft).then(function () {
          delete S.drafts[key];
          MZ.dom.toast(online() ? t('saved_sending') : t('saved_queued'), 'good');
          go('#queue');
          if (online()) { sendNow(); }
        });
      }
    });
  }

  // A form's draft and display state, kept across redraws (a language switch) until it is
  // saved or cancelled.
  function keep(key, make) {
    if (!S.drafts[key]) {
      S.drafts[key] = make();
      S.drafts[key].state = S.drafts[key].state || {};
    }
    return S.drafts[key];
  }

  // A queued record, to change before it is sent or after the server found it invalid.
  function screenEdit(key) {
    MZ.store.get('outbox', key).then(function (item) {
      if (!item || item.op !== 'create' || MZ.sync.isDone(item) || item.state === 'conflict') { return go('#queue'); }
      var indicator = INDICATORS[item.record.indicator];
      var kept = keep('edit/' + key, function () {
        return {
          draft: copy(item.draft || MZ.form.draftFromPayload(indicator, item.record)),
          state: {serverErrors: item.state === 'invalid' || item.state === 'forbidden' ? copy(item.errors || {}) : {}}
        };
      });
      var draft = kept.draft;
      S.form = MZ.formview.open(main, {
        indicator: indicator, draft: draft, mode: 'edit', context: formContext(), settings: S.settings,
        state: kept.state, photos: MZ.photos.picker(item.owner, item.key, S.settings.photo_max_side_px),
        onCancel: function () { delete S.drafts['edit/' + key]; go('#queue'); },
        onSave: function (payload) {
          return MZ.sync.queueRecord(item.owner, payload, draft).then(function () {
            delete S.drafts['edit/' + key];
            MZ.dom.toast(online() ? t('saved_sending') : t('saved_queued'), 'good');
            go('#queue');
            if (online()) { sendNow(); }
          });
        }
      });
    });
  }

  function copy(object) { return JSON.parse(JSON.stringify(object)); }

  // A stored record (rejected, or pending) opened to correct it: PATCH, through the outbox.
  // A correction still on the phone (unsent, or refused) opens as it was left, offline too.
  function screenFix(id) {
    screen(t('mine_loading'), []);
    MZ.store.get('outbox', 'fix:' + id).then(function (pending) {
      if (pending && !MZ.sync.isDone(pending) && pending.draft) {
        return {draft: pending.draft, errors: pending.errors || {}, revision: pending.revision};
      }
      var record = S.mine[id];
      return (record ? Promise.resolve(record) : getJSON('/api/v1/records/' + encodeURIComponent(id))).then(function (rec) {
        var draft = MZ.form.draftFromRecord(INDICATORS[rec.indicator], rec);
        draft.town_name = rec.town_name;
        return {draft: draft, errors: {}, revision: rec.revision};
      });
    }).then(function (found) {
      var indicator = INDICATORS[found.draft.indicator];
      var kept = keep('fix/' + id, function () { return {draft: copy(found.draft), state: {serverErrors: copy(found.errors)}}; });
      var draft = kept.draft;
      var done = function (message, hash) {
        delete S.drafts['fix/' + id];
        MZ.dom.toast(message, 'good');
        go(hash);
        return null;
      };
      S.form = MZ.formview.open(main, {
        indicator: indicator, draft: draft, mode: 'fix', recordId: id, settings: S.settings, state: kept.state,
        context: {fixedTown: {code: draft.town_code, name: draft.town_name || draft.town_code}, towns: [],
          outlines: formContext().outlines},
        onCancel: function () { delete S.drafts['fix/' + id]; go('#mine'); },
        onSave: function (payload) {
          return MZ.sync.queueCorrection(S.user.username, Number(id), payload, draft, found.revision).then(function (item) {
            if (!online()) { return done(t('correction_queued'), '#queue'); }
            return sendNow().then(function () { return MZ.store.get('outbox', item.key); }).then(function (after) {
              if (after && after.state === 'corrected') { return done(t('correction_sent'), '#mine'); }
              // refused: say why, here in the form, and keep it open to try again
              if (after && after.state !== 'queued') { return {errors: after.errors || {}}; }
              return done(t('correction_queued'), '#queue');
            });
          });
        }
      });
    }).catch(function (error) {
      screen(t('mine_title'), [h('p', {class: 'error'}, String(error.message || error))]);
    });
  }

  // ---- the outbox -----------------------------------------------------------------------------

  function valueSummary(indicator, values) {
    if (!indicator || !values) { return ''; }
    return indicator.fields.filter(function (f) {
      return values[f.name] !== undefined && f.kind !== 'breakdown';
    }).slice(0, 3).map(function (f) {
      var v = values[f.name];
      var shown = f.kind === 'choice' ? i18n.choiceLabel(v) : String(v) + (f.unit ? ' ' + i18n.unitLabel(f.unit) : '');
      return i18n.fieldLabel(indicator, f.name) + ' ' + shown;
    }).join('，');
  }

  function shownValue(v) {
    if (v === null || v === undefined) { return '—'; }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  function errorList(indicator, errors) {
    return h('ul', {class: 'errors'}, Object.keys(errors || {}).map(function (path) {
      var messages = [].concat(errors[path]).map(function (m) {
        return i18n.describe(m, indicator);
      });
      var where = path === '_schema' ? '' : i18n.pathLabel(indicator, path) + '：';
      return h('li', null, where + messages.join(' '));
    }));
  }

  function flagList(flags) {
    if (!flags || !flags.length) { return null; }
    return h('p', {class: 'hint'}, t('flags') + ' ' + flags.map(function (f) {
      if (f.code === 'area_mismatch') { return t('flag_area_mismatch', {mu: f.computed_mu}); }
      if (f.code === 'overlap') { return t('flag_overlap'); }
      if (f.code === 'near_boundary') { return t('flag_near_boundary', {m: f.distance_m}); }
      if (f.code.indexOf('photo_') === 0) { return MZ.photos.flagText(f); }
      return f.code;
    }).join('；'));
  }

  function itemCard(item) {
    var indicator = INDICATORS[item.op === 'create' ? item.record.indicator : (item.draft && item.draft.indicator)];
    var mine = item.owner === S.user.username;
    var title = item.op === 'correct' ? t('correct') + ' #' + item.record_id + ' · ' + i18n.indicatorName(indicator)
      : i18n.indicatorName(indicator);
    var state = mine ? t('state_' + item.state) : t('state_other_owner', {owner: item.owner});
    var body = [
      h('h3', null, title),
      h('p', {class: 'meta'}, [item.record.observed_on, ' · ', valueSummary(indicator, item.record.values)]),
      h('p', {class: 'badge state-' + item.state}, state)
    ];
    if (item.server && item.server.id) { body.push(h('p', {class: 'hint'}, t('server_id', {id: item.server.id}))); }
    if (item.server) { body.push(flagList(item.server.flags)); }
    if (item.op === 'create') { body.push(MZ.photos.strip(item.key)); }
    var actions = [];
    if (item.state === 'conflict' && item.errors && item.op === 'create') {
      body.push(h('p', null, t('conflict_intro')), conflictTable(indicator, item.errors));
      if (item.server && item.server.id) {
        actions.push(h('button', {type: 'button', class: 'btn', onclick: function () { useMine(item, indicator); }},
          t('conflict_use_mine')));
      }
      actions.push(h('button', {type: 'button', class: 'btn secondary', onclick: function () { discard(item, true); }},
        t('conflict_keep_server')));
    } else if (item.state === 'invalid' || item.state === 'forbidden' || item.state === 'conflict') {
      if (item.state === 'forbidden') { body.push(h('p', null, t('forbidden_intro'))); }
      body.push(errorList(indicator, item.errors));
    }
    if (mine && (item.state === 'queued' || item.state === 'invalid' || item.state === 'forbidden')) {
      var href = item.op === 'create' ? '#edit/' + encodeURIComponent(item.key) : '#fix/' + item.record_id;
      actions.push(h('a', {class: 'btn', href: href}, t(item.state === 'queued' ? 'edit' : 'edit_resend')));
    }
    if (!MZ.sync.isDone(item) && item.state !== 'conflict') {
      actions.push(h('button', {type: 'button', class: 'btn secondary danger', onclick: function () { discard(item, false); }},
        t('discard')));
    }
    if (actions.length) { body.push(h('div', {class: 'row'}, actions)); }
    return h('li', {class: 'card item', 'data-key': item.key, 'data-state': item.state}, body);
  }

  function conflictTable(indicator, differences) {
    return h('table', {class: 'diff'}, [
      h('thead', null, h('tr', null, [h('th', {scope: 'col'}, t('conflict_field')),
        h('th', {scope: 'col'}, t('conflict_stored')), h('th', {scope: 'col'}, t('conflict_posted'))])),
      h('tbody', null, Object.keys(differences).map(function (path) {
        var d = differences[path] || {};
        return h('tr', null, [h('th', {scope: 'row'}, i18n.pathLabel(indicator, path)),
          h('td', null, shownValue(d.stored)), h('td', null, shownValue(d.posted))]);
      }))]);
  }

  // "Correct the server's record with my version": the conflicting item becomes a correction.
  function useMine(item, indicator) {
    var draft = item.draft || MZ.form.draftFromPayload(indicator, item.record);
    MZ.sync.queueCorrection(item.owner, item.server.id, item.record, draft).then(function () {
      return MZ.store.remove('outbox', item.key);
    }).then(function () {
      refreshLists();
      if (online()) { sendNow(); }
    });
  }

  function discard(item, answered) {
    // the server already holds this one (a conflict): deleting the copy loses nothing
    if (!answered && !window.confirm(t('confirm_discard'))) { return; }
    MZ.store.remove('outbox', item.key).then(refreshLists);
  }

  function screenQueue() {
    S.refresh = render;
    var list = h('div', {class: 'queue'}, t('loading'));
    var last = h('p', {class: 'hint'});
    var section = screen(t('queue_title'), [last, h('div', {class: 'row'}, [sendButton()]), list]);
    MZ.store.getMeta('last_sync').then(function (info) {
      if (info) { last.textContent = t('last_sync', {time: new Date(info.at).toLocaleString()}); }
    });
    MZ.sync.items().then(function (rows) {
      var visible = rows.filter(function (r) { return r.owner === S.user.username || !MZ.sync.isDone(r); });
      MZ.dom.clear(list);
      if (!visible.length) { list.appendChild(h('p', null, t('queue_empty'))); return; }
      [['queue_group_attention', MZ.sync.needsAttention],
        ['queue_group_waiting', function (r) { return r.state === 'queued'; }],
        ['queue_group_done', MZ.sync.isDone]].forEach(function (group) {
        var members = visible.filter(group[1]);
        if (!members.length) { return; }
        list.appendChild(h('h3', {class: 'group'}, t(group[0]) + '（' + members.length + '）'));
        list.appendChild(h('ul', {class: 'cards', 'data-group': group[0]}, members.slice().reverse().map(itemCard)));
      });
      var unsent = visible.filter(function (r) { return !MZ.sync.isDone(r); });
      var done = visible.filter(MZ.sync.isDone);
      var tools = [];
      if (unsent.length) {
        tools.push(h('button', {type: 'button', class: 'btn secondary', onclick: function () { exportRecords(unsent); }}, t('export')));
      }
      if (done.length) {
        tools.push(h('button', {type: 'button', class: 'btn secondary', onclick: function () {
          Promise.all(done.map(function (r) { return MZ.store.remove('outbox', r.key); })).then(function () {
            return MZ.photos.forget(done.map(function (r) { return r.key; }), true);  // answered ones only
          }).then(refreshLists);
        }}, t('clear_sent')));
      }
      if (tools.length) { section.appendChild(h('div', {class: 'row tools'}, tools)); }
    });
  }

  // Unsent records as a JSON file the officer can keep or hand over (POST /records/batch takes
  // its "records" as they are).
  function exportRecords(rows) {
    var body = {
      exported_at: new Date().toISOString(), user: S.user.username,
      records: rows.filter(function (r) { return r.op === 'create'; }).map(function (r) { return r.record; }),
      corrections: rows.filter(function (r) { return r.op === 'correct'; }).map(function (r) {
        return {record_id: r.record_id, patch: r.record};
      }),
      states: rows.map(function (r) { return {key: r.key, state: r.state, errors: r.errors}; })
    };
    var blob = new Blob([JSON.stringify(body, null, 2)], {type: 'application/json'});
    var url = URL.createObjectURL(blob);
    var stamp = body.exported_at.slice(0, 16).replace(/[-:T]/g, '');
    var link = h('a', {href: url, download: 'meizhou-records-' + S.user.username + '-' + stamp + '.json', hidden: true});
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    return MZ.sync.markExported(rows).then(function () {
      MZ.dom.toast(t('exported', {n: rows.length}), 'good');
      return rows.length;
    });
  }

  // ---- my records (from the server) -------------------------------------------------------------

  function screenMine(status) {
    var filters = ['', 'pending', 'rejected', 'approved'];
    var list = h('div', {class: 'mine', 'aria-live': 'polite'}, t('mine_loading'));
    var chips = h('div', {class: 'chips', role: 'group'}, filters.map(function (s) {
      return h('a', {class: 'chip', href: '#mine' + (s ? '/' + s : ''), 'aria-current': (status || '') === s ? 'true' : null},
        t('status_' + (s || 'all')));
    }));
    screen(t('mine_title'), [chips, h('button', {type: 'button', class: 'btn secondary', onclick: function () { render(); }},
      t('refresh')), list]);
    if (!online()) { MZ.dom.clear(list).appendChild(h('p', {class: 'warn'}, t('mine_offline'))); return; }
    var scope = S.user.role === 'town_officer' ? 'town_code=' + S.user.unit_code
      : S.user.role === 'county_reviewer' ? 'county_code=' + S.user.unit_code.slice(0, 6) : '';
    var base = '/api/v1/records?per_page=100' + (scope ? '&' + scope : '') + (status ? '&status=' + status : '');
    // the list is in id order: the newest are on its last page
    getJSON(base).then(function (first) {
      return first.pages > 1 ? getJSON(base + '&page=' + first.pages).then(function (last) {
        last.total = first.total;
        return last;
      }) : first;
    }).then(function (page) {
      MZ.dom.clear(list);
      if (!page.items.length) { list.appendChild(h('p', null, t('mine_empty'))); return; }
      if (page.total > page.items.length) { list.appendChild(h('p', {class: 'hint'}, t('mine_more', {total: page.total, n: page.items.length}))); }
      list.appendChild(h('ul', {class: 'cards'}, page.items.slice().reverse().map(recordCard)));
    }, function (error) {
      MZ.dom.clear(list).appendChild(h('p', {class: 'error'}, String(error.message || error)));
    });
  }

  function recordCard(record) {
    S.mine[record.id] = record;
    var indicator = INDICATORS[record.indicator];
    var canCorrect = record.status === 'rejected' || record.status === 'pending' ||
      (record.status === 'approved' && S.user.role !== 'town_officer' && S.user.role !== 'analyst');
    return h('li', {class: 'card record', 'data-id': record.id, 'data-status': record.status}, [
      h('h3', null, i18n.indicatorName(indicator) || record.indicator),
      h('p', {class: 'meta'}, ['#' + record.id + ' · ' + record.observed_on + ' · ' + record.town_name]),
      h('p', {class: 'meta'}, valueSummary(indicator, record.values)),
      h('p', {class: 'badge status-' + record.status}, t('status_' + record.status)),
      record.status === 'rejected' && record.review_reason ? h('p', {class: 'reason'}, t('reject_reason', {reason: record.review_reason})) : null,
      flagList(record.flags),
      canCorrect && S.user.role !== 'analyst' && indicator ? h('div', {class: 'row'},
        h('a', {class: 'btn', href: '#fix/' + record.id}, t('correct'))) : null
    ]);
  }

  // ---- account, sign-out -------------------------------------------------------------------------

  function screenAccount() {
    var prompt = h('div', {class: 'prompt', 'aria-live': 'polite'});
    var role = t('role_' + S.user.role);
    screen(t('account_title'), [
      h('p', null, t('signed_in_as', {user: S.user.username})),
      h('p', {class: 'meta'}, role + ' · ' + (S.user.unit_name || '') + '（' + S.user.unit_code + '）'),
      h('div', {class: 'field'}, [h('span', {class: 'label'}, t('language')), h('div', {class: 'row'}, [
        h('button', {type: 'button', class: 'btn secondary', lang: 'zh-CN', 'aria-pressed': String(i18n.lang() === 'zh'),
          onclick: function () { switchLang('zh'); }}, '中文'),
        h('button', {type: 'button', class: 'btn secondary', lang: 'en', 'aria-pressed': String(i18n.lang() === 'en'),
          onclick: function () { switchLang('en'); }}, 'English')])]),
      passwordForm(),
      h('button', {type: 'button', class: 'btn danger', id: 'signout', onclick: function () { signOut(prompt); }}, t('signout')),
      prompt]);
  }

  // One's own password; the first thing to do after signing in with a temporary one.
  function passwordForm() {
    var message = h('p', {class: 'error', role: 'alert', hidden: !S.user.must_change_password},
      S.user.must_change_password ? t('password_must_change') : '');
    var field = function (id, autocomplete) {
      return h('input', {id: id, type: 'password', autocomplete: autocomplete, required: true});
    };
    var current = field('pw-current', 'current-password');
    var next = field('pw-new', 'new-password');
    var again = field('pw-again', 'new-password');
    var button = h('button', {type: 'submit', class: 'btn primary'}, t('password_save'));
    return h('form', {class: 'password', novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      message.hidden = false;
      message.className = 'error';
      if (next.value !== again.value) { message.textContent = t('password_mismatch'); return; }
      if (!online()) { message.textContent = t('signin_offline'); return; }
      button.disabled = true;
      MZ.sync.write('POST', '/api/v1/auth/password', {current_password: current.value, new_password: next.value})
        .then(function (result) {
          button.disabled = false;
          if (!result.ok) { message.textContent = MZ.sync.problem(result); return null; }
          current.value = next.value = again.value = '';
          message.className = 'ok';
          message.textContent = t('password_saved');
          return adopt(result.data).then(function () { sendNow(); });
        });
    }}, [
      h('h3', null, t('password_title')), message,
      h('div', {class: 'field'}, [h('label', {for: 'pw-current'}, t('password_current')), current]),
      h('div', {class: 'field'}, [h('label', {for: 'pw-new'}, t('password_new')), next]),
      h('div', {class: 'field'}, [h('label', {for: 'pw-again'}, t('password_again')), again]),
      button]);
  }

  // The queue is cleared on sign-out only once the server has answered for every record, or
  // the officer has exported the rest: a shared phone must not carry one officer's records
  // into the next one's account, and no record may vanish unsent.
  function signOut(prompt) {
    MZ.dom.clear(prompt);
    if (!online()) { prompt.appendChild(h('p', {class: 'warn', role: 'alert'}, t('signout_offline'))); return; }
    MZ.sync.items(S.user.username).then(function (rows) {
      var unsent = rows.filter(function (r) { return !MZ.sync.isDone(r) && !r.exported_at; });
      if (!unsent.length) { return finishSignOut(rows); }
      prompt.appendChild(h('p', {class: 'warn', role: 'alert'}, t('signout_unsent', {n: unsent.length})));
      prompt.appendChild(h('div', {class: 'row'}, [
        h('button', {type: 'button', class: 'btn primary', onclick: function () {
          sendNow().then(function () { signOut(prompt); });
        }}, t('send_now')),
        h('button', {type: 'button', class: 'btn', onclick: function () {
          exportRecords(unsent).then(function () { return MZ.sync.items(S.user.username); }).then(finishSignOut);
        }}, t('signout_export_then'))]));
      return null;
    });
  }

  function finishSignOut(rows) {
    return MZ.sync.signOut().then(function (result) {
      if (!result.ok && result.status !== 401) { MZ.dom.toast(MZ.sync.problem(result), 'bad'); return null; }
      return Promise.all(rows.map(function (r) { return MZ.store.remove('outbox', r.key); })
        .concat([MZ.store.remove('meta', 'user'), MZ.store.remove('meta', 'context'), MZ.store.remove('meta', 'last_sync')]))
        .then(function () {
          S.user = null;
          S.context = null;
          S.drafts = {};
          S.mine = {};
          MZ.dom.toast(t('signout_done'), 'good');
          go('#signin');
        });
    });
  }

  function switchLang(lang) {
    i18n.setLang(lang);
    document.getElementById('toast').className = 'toast';  // its text is in the old language
    render();
  }

  // ---- start ----------------------------------------------------------------------------------------

  function ready() {
    // for tests and the benchmark: the first screen is drawn and answers input
    document.documentElement.setAttribute('data-ready', '1');
    window.__mzReadyAt = window.performance ? window.performance.now() : 0;
  }

  function start() {
    i18n.setLang(i18n.lang());
    document.getElementById('lang').addEventListener('click', function () {
      switchLang(i18n.lang() === 'zh' ? 'en' : 'zh');
    });
    window.addEventListener('hashchange', render);
    window.addEventListener('online', function () {
      renderChrome();
      checkSession().then(function () { if (S.user && !S.sessionExpired) { sendNow(); } });
    });
    window.addEventListener('offline', function () { renderChrome(); refreshLists(); });
    document.addEventListener('mz:outbox', updateCount);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && online() && S.user && !S.sessionExpired) { sendNow(); }
    });

    Promise.all([MZ.store.getMeta('user'), MZ.store.getMeta('context')]).then(function (meta) {
      S.user = meta[0];
      S.context = meta[1];
      render();
      ready();
      MZ.store.persist();
      checkSession().then(function (result) {
        if (result && result.ok) { sendNow(); }
      });
    }, function () {
      MZ.dom.clear(main).appendChild(h('p', {class: 'error', role: 'alert'}, t('storage_error')));
      ready();
    });

    if ('serviceWorker' in navigator) {
      var register = function () {
        navigator.serviceWorker.register(S.settings.sw_url, {scope: S.settings.sw_scope}).catch(function () {
          /* no offline shell in this browser; the app still works online */
        });
      };
      if (document.readyState === 'complete') { register(); } else { window.addEventListener('load', register); }
    }
  }

  MZ.app = {state: S, render: render, sendNow: sendNow};
  start();
})();
