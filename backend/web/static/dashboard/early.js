// The page's first data requests start here, in its head, while the modules still
// download; api.js takes their answers over. A classic script on purpose: a module runs
// only after the whole document is parsed and its imports are fetched, which is the wait
// this file exists to avoid. Keys ignore the order of the query parameters.
(function () {
  var config = JSON.parse(document.getElementById('dashboard-config').textContent);
  function key(url) {
    var parsed = new URL(url, window.location.href);
    parsed.searchParams.sort();
    return parsed.pathname + '?' + parsed.searchParams.toString();
  }
  var requests = {};
  config.early.forEach(function (url) {
    var request = fetch(url, { credentials: 'same-origin', headers: {
      Accept: 'application/json', 'Accept-Language': config.lang === 'en' ? 'en' : 'zh-CN' } });
    request.catch(function () {}); // a failure is reported when api.js takes it over
    requests[key(url)] = request;
  });
  window.MZ_EARLY = { key: key, requests: requests };
  // then every module the page will import, at once rather than one level of imports
  // after another; after the data requests, which need the browser's few connections more
  config.preloads.forEach(function (url) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url;
    document.head.appendChild(link);
  });
}());
