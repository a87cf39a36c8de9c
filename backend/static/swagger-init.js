// Starts Swagger UI at /api/v1/docs with the settings the page carries as JSON data.
(function () {
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var config = Object.assign(read('swagger-settings'), read('swagger-overrides'));
  window.addEventListener('load', function () { window.ui = SwaggerUIBundle(config); });
}());
