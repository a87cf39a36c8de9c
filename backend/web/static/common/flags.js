/* A record's flags in words, for both web apps: the one place that knows what each flag
 * the server sets (backend/services/geography.py, geo/photos.py) is called and which of its
 * details a person needs.
 *
 *   createFlags(options) → {text(flag) → string, texts(flags) → [string]}
 *     options.language() → the page's language now ('en' | 'zh' | 'zh-CN'), default 'zh'
 *     options.number(value, digits) → a number as the page writes it (default: Intl in
 *       the page's language, at most `digits` decimals)
 *     flag: {code, ...details} as the API serves it, or a bare code; an unknown code is
 *       shown as it is.
 *   FLAG_CODES: the codes worded here
 */

const WORDS = {
  zh: {
    area_mismatch: '面积不符', area_mismatch_detail: '填报 {declared} 亩，计算 {computed} 亩',
    overlap: '地块重叠', overlap_detail: '与 {ids} 重叠 {mu} 亩',
    near_boundary: '靠近边界', near_boundary_detail: '距边界 {metres} 米',
    photo_far: '照片位置偏远', photo_far_detail: '最远 {metres} 米',
    photo_date: '照片日期不符', photo_date_detail: '相差 {days} 天',
    photo_missing: '缺少照片'
  },
  en: {
    area_mismatch: 'area mismatch', area_mismatch_detail: 'declared {declared} mu, computed {computed} mu',
    overlap: 'overlap', overlap_detail: '{mu} mu with {ids}',
    near_boundary: 'near boundary', near_boundary_detail: '{metres} m from the boundary',
    photo_far: 'photo far away', photo_far_detail: 'up to {metres} m',
    photo_date: 'photo date off', photo_date_detail: '{days} days off',
    photo_missing: 'photo missing'
  }
};

export const FLAG_CODES = Object.keys(WORDS.zh).filter(function (key) { return !/_detail$/.test(key); });

function largest(items, name) {
  return Math.max.apply(null, items.map(function (item) { return item[name]; }));
}

// The detail's params of a flag, or null when it has none worth showing.
function detailParams(flag, number) {
  const photos = flag.photos && flag.photos.length ? flag.photos : null;
  switch (flag.code) {
  case 'area_mismatch':
    return flag.declared_mu === undefined ? null
      : {declared: number(flag.declared_mu, 2), computed: number(flag.computed_mu, 2)};
  case 'overlap':
    return flag.record_ids && flag.record_ids.length ? {
      ids: flag.record_ids.map(function (id) { return '#' + id; }).join(', '), mu: number(flag.overlap_mu, 2)
    } : null;
  case 'near_boundary':
    return flag.distance_m === undefined ? null : {metres: number(flag.distance_m, 0)};
  case 'photo_far':
    return photos ? {metres: number(largest(photos, 'distance_m'), 0)} : null;
  case 'photo_date':
    return photos ? {days: number(largest(photos, 'days'), 0)} : null;
  default:
    return null;
  }
}

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, function (all, name) { return params[name] !== undefined ? params[name] : all; });
}

export function createFlags(options) {
  const opts = options || {};
  const language = function () { return /^en/i.test(String(opts.language ? opts.language() : 'zh')) ? 'en' : 'zh'; };
  const formats = {};
  const number = opts.number || function (value, digits) {
    const key = language() + digits;
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(language() === 'en' ? 'en' : 'zh-CN', {maximumFractionDigits: digits});
    }
    return value === null || value === undefined || Number.isNaN(value) ? '—' : formats[key].format(value);
  };

  function text(flag) {
    const words = WORDS[language()];
    const code = typeof flag === 'string' ? flag : flag && flag.code;
    const name = words[code] || String(code);
    const params = flag && typeof flag === 'object' ? detailParams(flag, number) : null;
    if (!params) { return name; }
    return name + ' (' + fill(words[code + '_detail'], params) + ')';
  }

  function texts(flags) { return (flags || []).map(text); }

  return {text: text, texts: texts};
}
