// Progressive enhancement of the Wijkportaal search: the results of this page that have coordinates, on a Leaflet map.
// The list stays the complete answer; without JavaScript, tiles or this file nothing is lost.
(function () {
  'use strict';
  var el = document.getElementById('portal-map');
  if (!el || typeof L === 'undefined') {
    return;
  }
  var items = Array.prototype.slice.call(document.querySelectorAll('.portal-result[data-lat][data-lng]'))
    .filter(function (li) { return li.dataset.lat !== '' && li.dataset.lng !== ''; });
  if (items.length === 0) {
    el.hidden = true;
    return;
  }
  el.classList.add('portal-map-on');
  var map = L.map(el, { scrollWheelZoom: false });
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  var bounds = [];
  items.forEach(function (li) {
    var at = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lng)];
    bounds.push(at);
    // Built with DOM nodes and textContent: names are data, never HTML.
    var link = document.createElement('a');
    link.href = li.dataset.href;
    link.textContent = li.dataset.name;
    L.marker(at, { title: li.dataset.name, alt: li.dataset.name }).addTo(map).bindPopup(link);
  });
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
})();
