/* The phone's own storage: IndexedDB, which survives closing the page and restarting the
 * phone (localStorage is too small and synchronous, and Cache Storage is for files).
 *
 * Two object stores:
 *   outbox  one item per record made on this phone (key: its client_id) or per correction of a
 *           stored record (key: fix:<id>); an item leaves the phone only after the server has
 *           answered for it and the officer clears it
 *   photos  photos taken with records (photos.js), key: the attachment id
 *   meta    small facts needed offline: the signed-in user (a profile, never a credential),
 *           the town, county boundary, towns to choose from, the time of the last sync
 */
var NAME = 'mz-collect';
var VERSION = 2;  // 2: photos
var opened = null;

function request(req) {
  return new Promise(function (resolve, reject) {
    req.onsuccess = function () { resolve(req.result); };
    req.onerror = function () { reject(req.error); };
  });
}

export function open() {
  if (opened) { return opened; }
  opened = new Promise(function (resolve, reject) {
    if (!window.indexedDB) { reject(new Error('no IndexedDB')); return; }
    var req = window.indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = function () {
      var db = req.result;
      if (!db.objectStoreNames.contains('outbox')) {
        db.createObjectStore('outbox', {keyPath: 'key'}).createIndex('saved_at', 'saved_at');
      }
      if (!db.objectStoreNames.contains('photos')) {
        db.createObjectStore('photos', {keyPath: 'id'}).createIndex('record_key', 'record_key');
      }
      if (!db.objectStoreNames.contains('meta')) {
        db.createObjectStore('meta', {keyPath: 'key'});
      }
    };
    req.onsuccess = function () {
      var db = req.result;
      // another tab upgrading the schema: let it, this tab reopens on next use
      db.onversionchange = function () { db.close(); opened = null; };
      resolve(db);
    };
    req.onerror = function () { reject(req.error); };
    req.onblocked = function () { reject(new Error('IndexedDB blocked by another tab')); };
  });
  opened.catch(function () { opened = null; });
  return opened;
}

// Run fn(store) in one transaction; resolves when the transaction has committed, so a
// caller that awaits a put knows the record is on disk before it tells the officer so.
function withStore(name, mode, fn) {
  return open().then(function (db) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(name, mode);
      var result;
      Promise.resolve(fn(tx.objectStore(name))).then(function (value) { result = value; }, reject);
      tx.oncomplete = function () { resolve(result); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error || new Error('transaction aborted')); };
    });
  });
}

export function get(name, key) {
  return withStore(name, 'readonly', function (store) { return request(store.get(key)); });
}

export function put(name, value) {
  return withStore(name, 'readwrite', function (store) { return request(store.put(value)); });
}

export function putMany(name, values) {
  return withStore(name, 'readwrite', function (store) {
    return Promise.all(values.map(function (value) { return request(store.put(value)); }));
  });
}

export function remove(name, key) {
  return withStore(name, 'readwrite', function (store) { return request(store.delete(key)); });
}

export function all(name) {
  return withStore(name, 'readonly', function (store) { return request(store.getAll()); });
}

export function clear(name) {
  return withStore(name, 'readwrite', function (store) { return request(store.clear()); });
}

export function getMeta(key) {
  return get('meta', key).then(function (row) { return row ? row.value : null; });
}

export function setMeta(key, value) {
  return put('meta', {key: key, value: value});
}

// Ask the browser not to evict our data under storage pressure (best effort).
export function persist() {
  if (navigator.storage && navigator.storage.persist) {
    return navigator.storage.persist().catch(function () { return false; });
  }
  return Promise.resolve(false);
}

