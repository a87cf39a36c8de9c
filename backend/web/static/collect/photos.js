/* Photos taken with a record: chosen on the form, kept in IndexedDB (store "photos") next
 * to the queued record, sent one PUT each after the server has accepted the record.
 *
 * A photo: {id (the attachment UUID, kept for every resend), record_key (the record's
 * client_id), record_id (the server's id, once known), owner, blob (the bytes to send, dropped
 * once the server has them), thumb (a small JPEG for the screen), type, bytes,
 * state: waiting|sent|refused, reason, saved_at}.
 *
 * Nothing leaves the store before the server has answered for it: a lost answer leaves the
 * photo waiting, and the resend under the same id is answered 200 (the server stores nothing
 * twice). Photos larger than PHOTO_MAX_SIDE_PX are downscaled on the phone; the EXIF block of
 * the original (time and GPS position, which the server checks) is copied into the smaller
 * JPEG, its orientation set upright because the canvas has already turned the pixels.
 */
import {problem} from './api.js';
import {clear, h, uid} from './dom.js';
import {currentLang} from './i18n.js';
import {isDone} from './outbox.js';
import {url} from './settings.js';
import * as store from './store.js';
import {uuid} from './uuid.js';

var TEXT = {
  zh: {photos: '照片', add: '拍照或选择照片', hint: '照片作为证据随记录发送（可多张）。', remove: '删除',
    waiting: '等待发送', sent: '已发送', refused: '被拒绝：{reason}', preparing: '正在处理照片…'},
  en: {photos: 'Photos', add: 'Take or choose photos', hint: 'Photos go with the record as evidence (several allowed).',
    remove: 'Remove', waiting: 'waiting', sent: 'sent', refused: 'refused: {reason}', preparing: 'Preparing photos…'}
};
// Retry later: no answer, an expired sign-in, a busy or broken server
var RETRY = [0, 401, 408, 429, 500, 502, 503, 504];

function say(key, params) {
  var table = TEXT[currentLang()] || TEXT.zh;
  return (table[key] || key).replace(/\{(\w+)\}/g, function (all, name) { return params ? params[name] : all; });
}

export function all(owner) {
  return store.all('photos').then(function (rows) {
    rows.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
    return owner ? rows.filter(function (row) { return row.owner === owner; }) : rows;
  });
}

export function ofRecord(key) {
  return all().then(function (rows) { return rows.filter(function (row) { return row.record_key === key; }); });
}

// ---- preparing a photo: downscale, keep EXIF ------------------------------------------------

export function exifSegment(buffer) {
  var view = new DataView(buffer);
  if (view.byteLength < 4 || view.getUint16(0) !== 0xFFD8) { return null; }
  var offset = 2;
  while (offset + 10 <= view.byteLength) {
    var marker = view.getUint16(offset);
    if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA) { return null; }
    var length = view.getUint16(offset + 2);
    if (marker === 0xFFE1 && view.getUint32(offset + 4) === 0x45786966) {  // "Exif"
      return new Uint8Array(buffer.slice(offset, offset + 2 + length));
    }
    offset += 2 + length;
  }
  return null;
}

// Orientation (tag 0x0112 of IFD0) set to 1: the canvas drew the pixels upright already.
function uprightExif(segment) {
  try {
    var view = new DataView(segment.buffer, segment.byteOffset + 10);  // TIFF header after "Exif\0\0"
    var little = view.getUint16(0) === 0x4949;
    var ifd = view.getUint32(4, little);
    var count = view.getUint16(ifd, little);
    for (var i = 0; i < count; i++) {
      var entry = ifd + 2 + i * 12;
      if (view.getUint16(entry, little) === 0x0112) { view.setUint16(entry + 8, 1, little); }
    }
  } catch (e) { /* a malformed block is sent as it is; the server reads what it can */ }
  return segment;
}

function toBlob(canvas, quality) {
  return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', quality); });
}

function scaled(bitmap, side, quality) {
  var ratio = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  var canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
  canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return toBlob(canvas, quality);
}

// {blob, thumb}: the bytes to send (the original unless it is a JPEG larger than maxSide)
// and a small picture for the screen. A photo the browser cannot decode (HEIC on most
// phones) goes as it is, without a thumbnail.
export function prepare(file, maxSide) {
  if (typeof createImageBitmap !== 'function') { return Promise.resolve({blob: file, thumb: null}); }
  return createImageBitmap(file).then(function (bitmap) {
    var thumb = scaled(bitmap, 240, 0.7);
    var big = Math.max(bitmap.width, bitmap.height) > maxSide && maxSide > 0;
    if (!big || file.type !== 'image/jpeg') {
      return thumb.then(function (small) { return {blob: file, thumb: small}; });
    }
    return Promise.all([thumb, scaled(bitmap, maxSide, 0.85), file.arrayBuffer()]).then(function (parts) {
      var segment = exifSegment(parts[2]);
      if (!segment || !parts[1]) { return {blob: parts[1] || file, thumb: parts[0]}; }
      return parts[1].arrayBuffer().then(function (jpeg) {
        var body = new Uint8Array(jpeg);
        // APP1 right after the SOI marker, where EXIF readers look for it
        var blob = new Blob([body.subarray(0, 2), uprightExif(segment), body.subarray(2)], {type: 'image/jpeg'});
        return {blob: blob, thumb: parts[0]};
      });
    });
  }).catch(function () { return {blob: file, thumb: null}; });
}

export function add(owner, recordKey, files, maxSide) {
  return Array.prototype.reduce.call(files, function (chain, file) {
    return chain.then(function () {
      return prepare(file, maxSide).then(function (prepared) {
        return store.put('photos', {
          id: uuid(), record_key: recordKey, record_id: null, owner: owner,
          blob: prepared.blob, thumb: prepared.thumb, type: prepared.blob.type || file.type || 'application/octet-stream',
          bytes: prepared.blob.size, state: 'waiting', reason: null, saved_at: new Date().toISOString()
        });
      });
    });
  }, Promise.resolve());
}

function removeOne(id) { return store.remove('photos', id); }

// The photos of a form that was cancelled, or of records cleared from the phone (those the
// server has not answered for stay).
export function forget(recordKeys, onlyAnswered) {
  return all().then(function (rows) {
    return Promise.all(rows.filter(function (row) {
      return recordKeys.indexOf(row.record_key) >= 0 && (!onlyAnswered || row.state !== 'waiting');
    }).map(function (row) { return removeOne(row.id); }));
  });
}

// ---- sending ------------------------------------------------------------------------------

// Send every waiting photo whose record the server has accepted, one PUT each, stopping at
// the first without an answer. Resolves {sent, refused, ok, status, message}.
export function send(owner, write) {
  var result = {sent: 0, refused: 0, ok: true};
  return Promise.all([all(owner), store.all('outbox')]).then(function (found) {
    var servedIds = {};
    found[1].forEach(function (item) {
      if (item.op === 'create' && isDone(item) && item.server && item.server.id) { servedIds[item.key] = item.server.id; }
    });
    var ready = found[0].filter(function (photo) {
      if (photo.state !== 'waiting') { return false; }
      photo.record_id = photo.record_id || servedIds[photo.record_key] || null;
      return photo.record_id !== null;
    });
    return ready.reduce(function (chain, photo) {
      return chain.then(function () {
        if (!result.ok) { return null; }
        var path = url('attachment', {record_id: photo.record_id, attachment_id: photo.id});
        return write('PUT', path, photo.blob, {raw: true, contentType: photo.type, timeout: 180000}).then(function (answer) {
          if (answer.ok) {
            photo.state = 'sent';
            photo.blob = null;  // the server has it; the thumbnail stays for the screen
            result.sent += 1;
          } else if (RETRY.indexOf(answer.status) >= 0) {
            result.ok = false;
            result.status = answer.status;
            result.message = problem(answer);
            return store.put('photos', photo);  // keeps the record id it now knows
          } else {
            photo.state = 'refused';
            photo.reason = problem(answer);
            result.refused += 1;
          }
          return store.put('photos', photo);
        });
      });
    }, Promise.resolve());
  }).then(function () { return result; });
}

// ---- on the screen ------------------------------------------------------------------------

function thumbnail(photo) {
  var source = photo.thumb || photo.blob;
  var picture = source ? h('img', {src: URL.createObjectURL(source), alt: '', class: 'photo-thumb'})
    : h('span', {class: 'photo-thumb none'}, photo.type.replace('image/', ''));
  var state = photo.state === 'refused' ? say('refused', {reason: photo.reason || ''}) : say(photo.state);
  return [picture, h('span', {class: 'photo-state state-' + photo.state}, state)];
}

// The photos of one queued record with each one's state (waiting, sent, refused and why).
export function strip(recordKey) {
  var list = h('ul', {class: 'photos', 'data-record': recordKey});
  ofRecord(recordKey).then(function (photos) {
    photos.forEach(function (photo) {
      list.appendChild(h('li', {'data-photo': photo.id, 'data-state': photo.state}, thumbnail(photo)));
    });
    list.hidden = !photos.length;
  });
  return list;
}

// The form's photo block: a camera/gallery input and the photos chosen so far, stored at
// once (they survive a reload with the record's client_id).
export function picker(owner, recordKey, maxSide) {
  var list = h('ul', {class: 'photos'});
  var status = h('p', {class: 'hint', 'aria-live': 'polite'});
  function show() {
    ofRecord(recordKey).then(function (photos) {
      clear(list);
      photos.forEach(function (photo) {
        var remove = photo.state === 'waiting' ? h('button', {type: 'button', class: 'btn secondary small',
          onclick: function () { removeOne(photo.id).then(show); }}, say('remove')) : null;
        list.appendChild(h('li', {'data-photo': photo.id, 'data-state': photo.state}, thumbnail(photo).concat([remove])));
      });
    });
  }
  var input = h('input', {type: 'file', accept: 'image/*', capture: 'environment', multiple: true,
    class: 'photo-input', onchange: function () {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) { return; }
      status.textContent = say('preparing');
      add(owner, recordKey, files, maxSide).then(function () {
        status.textContent = '';
        input.value = '';
        show();
      });
    }});
  var id = uid('photos');
  input.id = id;
  show();
  return h('fieldset', {class: 'photos-block'}, [
    h('legend', null, say('photos')), h('p', {class: 'hint'}, say('hint')),
    h('label', {for: id, class: 'btn secondary'}, say('add')), input, status, list]);
}


