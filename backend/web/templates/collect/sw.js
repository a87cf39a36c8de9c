/* Service worker of /collect: keeps the app shell and its libraries on the phone so the
 * form opens and works with no connection at all.
 *
 * Rendered by backend/web/collect.py: VERSION is a hash of the app's files (and Leaflet's),
 * so a new deployment is a new worker with a new cache, and the old cache is dropped only
 * once the new one is complete.
 *
 *   the shell (/collect)  cached copy first, refreshed in the background when online (a shell
 *                         of another version is not kept: its files are in another cache)
 *   the app's files and   cache first: their URLs carry the version, they never change
 *   Leaflet from /vendor/
 *   /api/, /web/, tiles   never touched: records, photos (PUT) and sign-in always go to the
 *                         network (only GETs are looked at below), and the records and photos
 *                         waiting to go are in IndexedDB, not in this cache
 */
'use strict';
var VERSION = {{ version|tojson }};
var CACHE = 'mz-collect-' + VERSION;
var SHELL = {{ shell|tojson }};
var PRECACHE = {{ precache|tojson }};

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // A versioned URL (?v=) never changes: the copy the page just loaded into the HTTP cache
    // will do, no second download. Anything else is revalidated (a 304 when unchanged).
    return cache.addAll(PRECACHE.map(function (url) {
      return new Request(url, {cache: url.indexOf('?v=') >= 0 ? 'default' : 'no-cache'});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf('mz-collect-') === 0 && key !== CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function isShell(url, request) {
  return request.mode === 'navigate' && (url.pathname === SHELL || url.pathname === SHELL + '/');
}

function refreshShell(cache) {
  return fetch(SHELL, {cache: 'no-store', credentials: 'same-origin'}).then(function (response) {
    if (response.ok && response.headers.get('X-Collect-Version') === VERSION) {
      return cache.put(SHELL, response.clone()).then(function () { return response; });
    }
    return response;
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (isShell(url, request)) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(SHELL).then(function (cached) {
        var fresh = refreshShell(cache);
        if (cached) {
          event.waitUntil(fresh.catch(function () { return null; }));
          return cached;
        }
        return fresh;
      });
    }));
    return;
  }
  if (PRECACHE.indexOf(url.pathname + url.search) >= 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (cached) {
        return cached || fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
  }
});
