/* Texts of the collect page, Chinese first, English on request.
 *
 * Errors are words of the server's message catalogue (domain/messages.py, embedded in the
 * page's settings so it works offline), worded by common/messages.js: the API answers each
 * field error with a code and params (`invalid_params`), and the form's own checks (form.js)
 * make the same {code, params}; describe() words either in the page's language, so the
 * officer reads exactly what the server would say. A text without a code (an answer stored
 * on the phone before the server coded it, marshmallow's own words) is translated by
 * pattern below; a text no pattern knows is shown as the API wrote it rather than hidden.
 */
import {coded as codedErrors, createMessages, message} from '../common/messages.js';
import {createFlags} from '../common/flags.js';
import {settings} from './settings.js';

const STRINGS = {
  zh: {
    app_title: '梅州农业数据采集',
    switch_lang: 'English',
    loading: '正在加载…',
    online: '在线',
    offline: '离线',
    skip: '跳到主要内容',
    nav: '主导航',
    tab_new: '新记录',
    tab_queue: '待发送',
    tab_mine: '我的记录',
    tab_account: '账号',
    signin_title: '登录',
    signin_intro: '请使用县农业农村局分配的账号登录。',
    username: '用户名',
    password: '密码',
    signin: '登录',
    signing_in: '正在登录…',
    signin_offline: '当前没有网络，联网后才能登录。',
    signin_failed: '登录失败：{msg}',
    session_expired: '登录已过期，请重新登录。记录仍保存在手机上。',
    unknown_error: '出现错误（{status}）。',
    network_error: '网络连接失败。',
    analyst_readonly: '分析员账号只能查看数据，不能上报记录。',
    home_title: '新记录',
    choose_indicator: '选择要填报的指标：',
    queued_summary: '手机上有 {n} 条记录等待发送。',
    attention_summary: '{n} 条记录需要处理。',
    nothing_queued: '没有等待发送的记录。',
    send_now: '立即发送',
    sending: '正在发送…',
    form_new: '填报：{name}',
    form_edit: '修改：{name}',
    form_fix: '更正记录 #{id}：{name}',
    town: '镇（街道）',
    choose_town: '请选择镇',
    observed_on: '观测日期',
    values_legend: '指标数据',
    optional: '（选填）',
    range_hint: '范围 {min}–{max} {unit}',
    choose: '请选择',
    breakdown_hint: '各项之和应等于{total}。',
    location_legend: '位置',
    use_gps: '使用手机定位',
    locating: '正在定位…',
    gps_fix: '经度 {lon}，纬度 {lat}，精度 ±{acc} 米',
    map_point: '经度 {lon}，纬度 {lat}（地图选点）',
    plot_point: '经度 {lon}，纬度 {lat}（地块中心）',
    no_location: '尚未确定位置。',
    gps_warn: '定位精度较差（±{acc} 米，超过 {max} 米）。请到开阔处重新定位，或在地图上选点。',
    gps_error: '无法获取定位：{msg}',
    gps_unavailable: '此浏览器不支持定位，请在地图上选点。',
    tap_mode: '点击地图用于：',
    mode_point: '选位置',
    mode_plot: '加地块拐点',
    plot_legend: '地块边界',
    plot_hint: '在地图上依次点击地块的各个拐点，或沿地块边界步行并用手机定位记录。',
    plot_area: '地块面积：{mu} 亩（{n} 个拐点）',
    plot_none: '尚未绘制地块。',
    plot_undo: '撤销上一点',
    plot_clear: '清除地块',
    walk_start: '沿边界步行记录',
    walk_stop: '停止步行记录',
    walking: '正在记录步行轨迹：{n} 个点，精度 ±{acc} 米',
    use_plot_area: '用地块面积填写“{field}”',
    map_label: '地图',
    map_unavailable: '地图暂不可用（未能加载地图组件）。仍可使用手机定位。',
    map_no_basemap: '未配置底图：地图只显示县界。',
    note: '备注',
    save: '保存到手机',
    save_fix: '保存更正',
    cancel: '取消',
    saved_queued: '已保存到手机，将在联网后自动发送。',
    saved_sending: '已保存到手机，正在发送…',
    fix_errors: '请先更正标出的 {n} 处问题。',
    queue_title: '待发送',
    queue_empty: '手机上没有记录。',
    queue_group_attention: '需要处理',
    queue_group_waiting: '等待发送',
    queue_group_done: '已发送',
    last_sync: '上次发送：{time}',
    sync_failed: '发送失败：{msg}。记录仍在手机上，稍后会自动重试。',
    sync_done: '发送完成：{summary}',
    nothing_to_send: '没有需要发送的记录。',
    state_queued: '等待发送',
    state_created: '已发送',
    state_replayed: '已发送（服务器已有此记录）',
    state_corrected: '更正已发送',
    state_conflict: '冲突',
    state_invalid: '数据有误',
    state_forbidden: '无权限',
    state_other_owner: '属于账号 {owner}，请用该账号登录后发送',
    conflict_intro: '服务器上已有同一编号的记录，但内容不同：',
    conflict_field: '字段',
    conflict_stored: '服务器',
    conflict_posted: '本机',
    conflict_use_mine: '用本机内容更正服务器记录',
    conflict_keep_server: '保留服务器记录，删除本机副本',
    forbidden_intro: '服务器拒绝了此记录：',
    edit: '修改',
    edit_resend: '修改后重新发送',
    discard: '从手机删除',
    confirm_discard: '确定从手机删除这条尚未被服务器接收的记录吗？删除后无法恢复。',
    clear_sent: '清除已发送的记录',
    export: '导出未发送的记录',
    exported: '已导出 {n} 条记录。',
    server_id: '服务器编号 #{id}',
    flags: '提示：',
    mine_title: '我的记录',
    mine_offline: '离线时无法查看服务器上的记录，联网后再试。',
    mine_empty: '没有记录。',
    mine_loading: '正在读取…',
    mine_more: '共 {total} 条，显示最新的 {n} 条。',
    refresh: '刷新',
    status_all: '全部',
    status_pending: '待审核',
    status_approved: '已通过',
    status_rejected: '已退回',
    reject_reason: '退回原因：{reason}',
    correct: '更正',
    correction_sent: '更正已提交，记录回到待审核。',
    correction_queued: '更正已保存到手机，联网后发送。',
    account_title: '账号',
    password_title: '修改密码',
    password_must_change: '您正在使用临时密码，请先设置自己的密码，之后才能发送记录。',
    password_current: '当前密码（或临时密码）',
    password_new: '新密码（至少10个字符）',
    password_again: '再次输入新密码',
    password_save: '保存新密码',
    password_mismatch: '两次输入的新密码不一致。',
    password_saved: '密码已修改。',
    signed_in_as: '当前账号：{user}',
    role_town_officer: '镇农业农村办',
    role_county_reviewer: '县级审核员',
    role_city_admin: '市级管理员',
    role_analyst: '分析员',
    language: '语言',
    signout: '退出登录',
    signout_offline: '退出登录需要网络连接。',
    signout_unsent: '手机上还有 {n} 条记录未被服务器接收。请先发送，或导出保存后再退出。',
    signout_export_then: '导出后退出',
    signout_done: '已退出登录。',
    storage_error: '此浏览器无法在手机上保存数据（IndexedDB 不可用），请换用系统浏览器。',
    back: '返回',
    total_label: '合计'
  },
  en: {
    app_title: 'Meizhou field data',
    switch_lang: '中文',
    loading: 'Loading…',
    online: 'Online',
    offline: 'Offline',
    skip: 'Skip to main content',
    nav: 'Main navigation',
    tab_new: 'New',
    tab_queue: 'Outbox',
    tab_mine: 'My records',
    tab_account: 'Account',
    signin_title: 'Sign in',
    signin_intro: 'Sign in with the account your county bureau gave you.',
    username: 'Username',
    password: 'Password',
    signin: 'Sign in',
    signing_in: 'Signing in…',
    signin_offline: 'No connection: signing in needs the network.',
    signin_failed: 'Sign-in failed: {msg}',
    session_expired: 'Your session has expired: sign in again. Your records stay on this phone.',
    unknown_error: 'Something went wrong ({status}).',
    network_error: 'The network could not be reached.',
    analyst_readonly: 'An analyst account reads data only and cannot post records.',
    home_title: 'New record',
    choose_indicator: 'Choose the indicator to report:',
    queued_summary: '{n} records on this phone are waiting to be sent.',
    attention_summary: '{n} records need your attention.',
    nothing_queued: 'No records waiting to be sent.',
    send_now: 'Send now',
    sending: 'Sending…',
    form_new: 'Report: {name}',
    form_edit: 'Edit: {name}',
    form_fix: 'Correct record #{id}: {name}',
    town: 'Town',
    choose_town: 'Choose a town',
    observed_on: 'Observed on',
    values_legend: 'Figures',
    optional: ' (optional)',
    range_hint: 'from {min} to {max} {unit}',
    choose: 'Choose',
    breakdown_hint: 'The parts add up to {total}.',
    location_legend: 'Location',
    use_gps: 'Use my location',
    locating: 'Locating…',
    gps_fix: 'lon {lon}, lat {lat}, accuracy ±{acc} m',
    map_point: 'lon {lon}, lat {lat} (picked on the map)',
    plot_point: 'lon {lon}, lat {lat} (centre of the plot)',
    no_location: 'No location yet.',
    gps_warn: 'Poor accuracy (±{acc} m, worse than {max} m). Move to open ground and try again, or pick the point on the map.',
    gps_error: 'No position: {msg}',
    gps_unavailable: 'This browser cannot locate: pick the point on the map.',
    tap_mode: 'A tap on the map:',
    mode_point: 'sets the location',
    mode_plot: 'adds a plot corner',
    plot_legend: 'Plot outline',
    plot_hint: 'Tap the corners of the plot on the map in order, or walk its boundary with the phone\'s location on.',
    plot_area: 'Plot area: {mu} mu ({n} corners)',
    plot_none: 'No plot drawn yet.',
    plot_undo: 'Undo last corner',
    plot_clear: 'Clear plot',
    walk_start: 'Walk the boundary',
    walk_stop: 'Stop walking',
    walking: 'Recording the walk: {n} points, accuracy ±{acc} m',
    use_plot_area: 'Fill "{field}" from the plot',
    map_label: 'Map',
    map_unavailable: 'The map could not be loaded. The phone\'s location still works.',
    map_no_basemap: 'No basemap configured: the map shows the county outline only.',
    note: 'Note',
    save: 'Save on phone',
    save_fix: 'Save correction',
    cancel: 'Cancel',
    saved_queued: 'Saved on this phone; it will be sent when a connection returns.',
    saved_sending: 'Saved on this phone; sending…',
    fix_errors: 'Fix the {n} marked problems first.',
    queue_title: 'Outbox',
    queue_empty: 'No records on this phone.',
    queue_group_attention: 'Needs attention',
    queue_group_waiting: 'Waiting to be sent',
    queue_group_done: 'Sent',
    last_sync: 'Last sent: {time}',
    sync_failed: 'Sending failed: {msg}. The records stay on this phone and are retried later.',
    sync_done: 'Sent: {summary}',
    nothing_to_send: 'Nothing to send.',
    state_queued: 'waiting',
    state_created: 'sent',
    state_replayed: 'already sent (the server had it)',
    state_corrected: 'correction sent',
    state_conflict: 'conflict',
    state_invalid: 'invalid',
    state_forbidden: 'forbidden',
    state_other_owner: 'belongs to {owner}: sign in as {owner} to send it',
    conflict_intro: 'The server holds a record with the same id but different content:',
    conflict_field: 'field',
    conflict_stored: 'server',
    conflict_posted: 'this phone',
    conflict_use_mine: 'Correct the server record with this phone\'s version',
    conflict_keep_server: 'Keep the server record, delete this copy',
    forbidden_intro: 'The server refused this record:',
    edit: 'Edit',
    edit_resend: 'Edit and resend',
    discard: 'Delete from phone',
    confirm_discard: 'Delete this record, which the server has not accepted, from the phone? This cannot be undone.',
    clear_sent: 'Clear sent records',
    export: 'Export unsent records',
    exported: 'Exported {n} records.',
    server_id: 'server id #{id}',
    flags: 'Notes:',
    mine_title: 'My records',
    mine_offline: 'The server\'s records cannot be read offline; try again with a connection.',
    mine_empty: 'No records.',
    mine_loading: 'Loading…',
    mine_more: '{total} in all; showing the latest {n}.',
    refresh: 'Refresh',
    status_all: 'all',
    status_pending: 'pending',
    status_approved: 'approved',
    status_rejected: 'rejected',
    reject_reason: 'Reason for rejection: {reason}',
    correct: 'Correct',
    correction_sent: 'Correction sent; the record is pending review again.',
    correction_queued: 'Correction saved on this phone; it is sent when a connection returns.',
    account_title: 'Account',
    password_title: 'Change password',
    password_must_change: 'You signed in with a temporary password: choose your own before records can be sent.',
    password_current: 'Current (or temporary) password',
    password_new: 'New password (at least 10 characters)',
    password_again: 'New password again',
    password_save: 'Save the new password',
    password_mismatch: 'The two new passwords differ.',
    password_saved: 'Password changed.',
    signed_in_as: 'Signed in as {user}',
    role_town_officer: 'town officer',
    role_county_reviewer: 'county reviewer',
    role_city_admin: 'city admin',
    role_analyst: 'analyst',
    language: 'Language',
    signout: 'Sign out',
    signout_offline: 'Signing out needs a connection.',
    signout_unsent: '{n} records on this phone have not been accepted by the server. Send them, or export them, before signing out.',
    signout_export_then: 'Export, then sign out',
    signout_done: 'Signed out.',
    storage_error: 'This browser cannot store data on the phone (no IndexedDB); use the system browser.',
    back: 'Back',
    total_label: 'total'
  }
};

// Labels the registry does not carry (choice codes and breakdown parts).
const CHOICES = {
  zh: {pig: '猪', cattle: '牛', poultry: '家禽', sheep: '羊', other: '其他',
    drone: '植保无人机', boom: '喷杆喷雾机', knapsack: '背负式喷雾器',
    drip: '滴灌', micro_sprinkler: '微喷灌', sprinkler: '喷灌', low_pressure_pipe: '低压管道输水',
    fertilizer_t: '肥料化', feed_t: '饲料化', fuel_t: '燃料化', substrate_t: '基料化',
    raw_material_t: '原料化'},
  en: {pig: 'pig', cattle: 'cattle', poultry: 'poultry', sheep: 'sheep', other: 'other',
    drone: 'drone', boom: 'boom sprayer', knapsack: 'knapsack sprayer',
    drip: 'drip', micro_sprinkler: 'micro-sprinkler', sprinkler: 'sprinkler',
    low_pressure_pipe: 'low-pressure pipe', fertilizer_t: 'as fertilizer', feed_t: 'as feed',
    fuel_t: 'as fuel', substrate_t: 'as substrate', raw_material_t: 'as raw material'}
};
const UNITS = {
  zh: {t: '吨', kg: '千克', m3: '立方米', mu: '亩'},
  en: {t: 't', kg: 'kg', m3: 'm³', mu: 'mu'}
};
const TOP_FIELDS = {
  zh: {location: '位置', geometry: '地块边界', observed_on: '观测日期', town_code: '镇代码',
    note: '备注', client_id: '记录编号', accuracy_m: '定位精度', crs: '坐标系', year: '年度',
    values: '指标数据', indicator: '指标'},
  en: {}
};


let lang = 'zh';
try {  // a preference, not a credential: fine in localStorage
  if (window.localStorage.getItem('mz-lang') === 'en') { lang = 'en'; }
} catch (e) { /* storage blocked (or no window: the unit tests): stay in Chinese */ }

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, function (all, name) {
    return params && params[name] !== undefined && params[name] !== null ? String(params[name]) : all;
  });
}

export function t(key, params) {
  let text = STRINGS[lang][key];
  if (text === undefined) { text = STRINGS.zh[key] !== undefined ? STRINGS.zh[key] : key; }
  return fill(text, params);
}

export function currentLang() { return lang; }

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try { window.localStorage.setItem('mz-lang', lang); } catch (e) { /* ignore */ }
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

export function indicatorName(indicator) {
  if (!indicator) { return ''; }
  return lang === 'en' ? indicator.name_en : indicator.name_zh;
}

export function fieldByName(indicator, name) {
  const fields = indicator ? indicator.fields : [];
  for (let i = 0; i < fields.length; i++) {
    if (fields[i].name === name) { return fields[i]; }
  }
  return null;
}

// A field name as the officer knows it: from the registry, else a breakdown part, else as is.
export function fieldLabel(indicator, name) {
  const field = fieldByName(indicator, name);
  if (field) { return lang === 'en' ? (field.name_en || name) : (field.name_zh || name); }
  if (CHOICES[lang][name]) { return CHOICES[lang][name]; }
  if (TOP_FIELDS[lang][name]) { return TOP_FIELDS[lang][name]; }
  return name;
}

export function choiceLabel(code) {
  return CHOICES[lang][code] || code;
}

export function unitLabel(unit) {
  return unit ? (UNITS[lang][unit] || unit) : '';
}

// Python prints 100000.0 where a person reads 100000.
function plainNumber(text) {
  return String(text).replace(/^(-?\d+)\.0$/, '$1');
}

// "values.by_use.feed_t" or "geometry.coordinates[0]" → the words for it.
export function pathLabel(indicator, path) {
  const parts = String(path).split('.');
  const head = parts[0].replace(/\[.*$/, '');
  if (head === 'values' && parts.length > 1) {
    return parts.slice(1).map(function (p) { return fieldLabel(indicator, p); }).join(' · ');
  }
  return fieldLabel(indicator, head);
}


// [pattern, function(match, indicator) → Chinese] for English texts the catalogue has no
// code for (marshmallow's own words, texts from before the codes); those it has are read
// back by common/messages.js fromText() and worded from the catalogue.
const PATTERNS = [
  [/^Special numeric values \(nan or infinity\) are not permitted\.$/, function () { return '请输入有限的数字。'; }],
  [/^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$/, function (m) {
    return '数值须在 ' + plainNumber(m[1]) + ' 到 ' + plainNumber(m[2]) + ' 之间。';
  }],
  [/^Must be greater than or equal to (\S+)\.$/, function (m) { return '数值不能小于 ' + plainNumber(m[1]) + '。'; }],
  [/^Must be less than or equal to (\S+)\.$/, function (m) { return '数值不能大于 ' + plainNumber(m[1]) + '。'; }],
  [/^Length must be between (\d+) and (\d+)\.$/, function (m) { return '长度须为 ' + m[1] + '–' + m[2] + ' 个字。'; }],
  [/^Longer than maximum length (\d+)\.$/, function (m) { return '不能超过 ' + m[1] + ' 个字。'; }],
  [/^Not a 9- or 12-digit town code\.$/, function () { return '镇代码须为 9 位或 12 位数字。'; }],
  [/^(\d+) is not a town of Meizhou\.$/, function (m) { return m[1] + ' 不是梅州市的镇。'; }],
  [/^Too many failed sign-ins; try again later\.$/, function () { return '登录失败次数过多，请稍后再试。'; }],
  [/^Send username and password\.$/, function () { return '请填写用户名和密码。'; }],
  [/^Missing or wrong X-CSRF-Token header/, function () { return '页面安全令牌已失效，请刷新页面。'; }],
  [/^Cannot be changed\.$/, function () { return '不能修改。'; }]
];


// Texts without a code (answers stored before the server coded them, sync details), worded by pattern.
export function translateMessage(text, indicator) {
  if (lang === 'en') { return text; }
  const known = messages().fromText(text);
  if (known) { return messages().describe(known, indicator); }
  for (let i = 0; i < PATTERNS.length; i++) {
    const match = PATTERNS[i][0].exec(text);
    if (match) { return PATTERNS[i][1](match, indicator); }
  }
  return text;  // unknown to us: the API's own words beat silence
}

let catalogue = null;
// made on first use: the settings (and their catalogue) are read once the page is there
function messages() {
  if (!catalogue) {
    catalogue = createMessages(settings().messages, {
      language: currentLang,
      fieldName: function (name, indicator) { return fieldLabel(indicator, name); },
      pathName: function (path, indicator) { return pathLabel(indicator, path); },
      choiceName: choiceLabel,
      untranslated: translateMessage
    });
  }
  return catalogue;
}

// A message of the catalogue, to be worded when shown (in the language of that moment).
export const msg = message;

// {code, params, reason?} (ours or an invalid_params item), or a text → words to show.
export function describe(item, indicator) { return messages().describe(item, indicator); }

// A problem's or a batch item's invalid_params → {path: [{code, params, reason}]}.
export const coded = codedErrors;

const flags = createFlags({language: currentLang});
// a record's flags (the server's), in words
export function flagText(flag) { return flags.text(flag); }

// A failed call's problem (a ProblemError of common/request.js) in words: the server's own
// detail when it is in the page's language, else worded from the catalogue by its code.
export function problemText(error) { return messages().problem(error); }
