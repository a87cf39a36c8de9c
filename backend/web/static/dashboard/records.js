/* How a record reads for people: its indicator's name, values with units, status and
   flags. The map's popups, the review queue and the records table share these. */
'use strict';
(function (MZ) {
  // Okabe–Ito colours: told apart by people with the common colour-vision deficiencies.
  // An indicator gets its colour by its place in the registry, so a new one needs no edit.
  // (black, Okabe–Ito's eighth, is left out: the legend uses dark grey for the statuses)
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255', '#6b4c00'];
  const UNITS = { t: 'unit_t', kg: 'unit_kg', m3: 'unit_m3', mu: 'unit_mu' };

  MZ.indicators = [];       // the registry, as GET /api/v1/indicators gives it
  MZ.indicatorByCode = {};

  MZ.setIndicators = function (list) {
    MZ.indicators = list;
    MZ.indicatorByCode = {};
    list.forEach((indicator, index) => {
      indicator.colour = PALETTE[index % PALETTE.length];
      MZ.indicatorByCode[indicator.code] = indicator;
    });
  };

  const zh = () => MZ.config.lang === 'zh-CN';
  MZ.indicatorName = function (code) {
    const indicator = MZ.indicatorByCode[code];
    if (!indicator) return code;
    return zh() ? indicator.name_zh : indicator.name_en;
  };
  MZ.fieldName = (field) => (zh() ? field.name_zh : field.name_en) || field.name;
  MZ.unitName = (unit) => (UNITS[unit] ? MZ.t(UNITS[unit]) : unit || '');

  /** A summary value: a rate as a percentage (the API keeps fractions), a total in mu. */
  MZ.measure = function (indicator, value) {
    if (value === null || value === undefined) return '—';
    if (indicator && indicator.kind === 'total') return MZ.number(value, 1) + ' ' + MZ.unitName(indicator.unit);
    if (indicator && indicator.display === 'coefficient') {
      return MZ.number(value, 3, true); // a coefficient reads as one, not as a percentage
    }
    return MZ.number(value * 100, 1, true) + '%';
  };

  MZ.statusName = (status) => MZ.t('status_' + status);
  /** A choice (livestock, method, technology) in words; a choice the page has no word for
      (one added to the registry later) shows as its code. */
  MZ.choiceName = (value) => (MZ.t('choice_' + value) === 'choice_' + value ? value : MZ.t('choice_' + value));

  /** The values of a record as [label, text] pairs, in the registry's field order. */
  MZ.valuePairs = function (record) {
    const indicator = MZ.indicatorByCode[record.indicator];
    const values = record.values || {};
    const pairs = [];
    (indicator ? indicator.fields : Object.keys(values).map((name) => ({ name }))).forEach((field) => {
      const value = values[field.name];
      if (value === undefined || value === null) return;
      let text;
      if (typeof value === 'number') text = MZ.number(value, 3) + (field.unit ? ' ' + MZ.unitName(field.unit) : '');
      else if (typeof value === 'object') {
        text = Object.keys(value).map((part) => part + ' ' + MZ.number(value[part], 3)).join(', ');
      } else if (field.kind === 'choice') text = MZ.choiceName(value);
      else text = String(value);
      pairs.push([indicator ? MZ.fieldName(field) : field.name, text]);
    });
    return pairs;
  };

  /** One flag in words, with its details (declared and computed area, overlapped ids). */
  MZ.flagText = function (flag) {
    const code = typeof flag === 'string' ? flag : flag.code;
    const name = MZ.t('flag_' + code);
    if (typeof flag !== 'object') return name;
    if (code === 'area_mismatch' && flag.declared_mu !== undefined) {
      return name + ' (' + MZ.t('flag_area_detail', {
        declared: MZ.number(flag.declared_mu, 2), computed: MZ.number(flag.computed_mu, 2),
      }) + ')';
    }
    if (code === 'overlap' && flag.record_ids && flag.record_ids.length) {
      return name + ' (' + MZ.t('flag_overlap_detail', {
        ids: flag.record_ids.map((id) => '#' + id).join(', '), mu: MZ.number(flag.overlap_mu, 2),
      }) + ')';
    }
    if (code === 'photo_far' && flag.photos && flag.photos.length) {
      const metres = Math.max(...flag.photos.map((p) => p.distance_m));
      return name + ' (' + MZ.t('flag_photo_far_detail', { metres: MZ.number(metres, 0) }) + ')';
    }
    if (code === 'photo_date' && flag.photos && flag.photos.length) {
      const days = Math.max(...flag.photos.map((p) => p.days));
      return name + ' (' + MZ.t('flag_photo_date_detail', { days: MZ.number(days, 0) }) + ')';
    }
    if (code === 'near_boundary' && flag.distance_m !== undefined) {
      return name + ' (' + MZ.t('flag_boundary_detail', { metres: MZ.number(flag.distance_m, 0) }) + ')';
    }
    return name;
  };

  MZ.flagList = function (flags) {
    if (!flags || !flags.length) return MZ.el('span', { text: MZ.t('no_flags') });
    return MZ.el('span', {}, flags.map((flag) => MZ.el('span', { className: 'flag', text: MZ.flagText(flag) })));
  };

  /** The record's photos as thumbnails; each opens the original, full size, in a new tab. */
  MZ.photoStrip = function (record) {
    const photos = record.attachments || [];
    if (!photos.length) return MZ.el('span', { text: MZ.t('no_photos') });
    return MZ.el('span', { className: 'photos' }, photos.map((photo, index) => MZ.el('a', {
      href: photo.url, target: '_blank', rel: 'noopener', 'aria-label': MZ.t('photo_open', { n: index + 1 }),
    }, [MZ.el('img', { src: photo.thumbnail_url, alt: '', loading: 'lazy', className: 'photo-thumb' })])));
  };

  /** The record's own figure, numerator over denominator, as its indicator measures it. */
  MZ.recordFigure = function (record) {
    const indicator = MZ.indicatorByCode[record.indicator];
    if (!indicator) return '';
    if (indicator.kind === 'total') return MZ.measure(indicator, record.numerator);
    return record.denominator ? MZ.measure(indicator, record.numerator / record.denominator) : '—';
  };

  /** A definition list describing a record: the popup's content. */
  MZ.describeRecord = function (record) {
    const rows = [
      [MZ.t('town'), record.town_name + ' (' + record.town_code + ')'],
      [MZ.t('observed_on'), record.observed_on],
      [MZ.t('status'), MZ.statusName(record.status)],
      [MZ.t('record_value'), MZ.recordFigure(record)],
    ].concat(MZ.valuePairs(record));
    if (record.computed_area_mu !== null && record.computed_area_mu !== undefined) {
      rows.push([MZ.t('computed_area'), MZ.number(record.computed_area_mu, 2) + ' ' + MZ.t('unit_mu')]);
    }
    const list = MZ.el('dl');
    rows.forEach(([label, text]) => list.append(MZ.el('dt', { text: label }), MZ.el('dd', { text })));
    list.append(MZ.el('dt', { text: MZ.t('flags') }), MZ.el('dd', {}, [MZ.flagList(record.flags)]));
    return MZ.el('div', { className: 'popup' }, [
      MZ.el('h3', { text: MZ.indicatorName(record.indicator) + ' #' + record.id }), list,
    ]);
  };
}(window.MZ));
