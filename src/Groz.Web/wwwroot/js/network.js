// Progressive enhancement of the partner network: the drawing is made from the table beside it (the same rows, so the
// two cannot disagree). Organisations are circles, samenwerkingsverbanden squares, a line is a membership; brokers get
// a thick dark border and a bigger node, never colour alone. Without JavaScript (or Cytoscape) the table is the content.
(function () {
  'use strict';
  var box = document.getElementById('network-graph');
  var table = document.querySelector('table.network-table[data-graph]');
  if (!box || !table || typeof cytoscape === 'undefined') {
    return;
  }
  var elements = [];
  var collaborations = {};
  document.querySelectorAll('table.collaborations-table tbody tr[data-id]').forEach(function (tr) {
    collaborations[tr.dataset.id] = true;
    elements.push({ data: { id: 'c' + tr.dataset.id, label: tr.querySelector('th').textContent.trim(), kind: 'collaboration' } });
  });
  table.querySelectorAll('tbody tr[data-id]').forEach(function (tr) {
    var id = 'o' + tr.dataset.id;
    // Organisations in no collaboration stay in the table only: as loose dots they would bury the network.
    if (!tr.dataset.collaborations) {
      return;
    }
    elements.push({ data: { id: id, label: tr.querySelector('th').textContent.trim(), kind: tr.dataset.broker === 'true' ? 'broker' : 'organisation' } });
    (tr.dataset.collaborations || '').split(' ').filter(function (c) { return collaborations[c]; }).forEach(function (c) {
      elements.push({ data: { id: id + '-c' + c, source: id, target: 'c' + c } });
    });
  });
  if (elements.length === 0) {
    return;
  }
  box.hidden = false;
  // Cytoscape adds a <style> element of its own unless one with this id exists; the CSP (default-src 'self') blocks
  // inline styles, so a marker stands in for it and site.css carries its one rule.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    var marker = document.createElement('meta');
    marker.id = '__________cytoscape_stylesheet';
    document.head.appendChild(marker);
  }
  cytoscape({
    container: box,
    elements: elements,
    // cose reads best but runs on the page's thread; a large network gets the quick concentric layout (brokers inside).
    layout: elements.length > 300
      ? { name: 'concentric', animate: false, padding: 20, concentric: function (n) { return n.data('kind') === 'broker' ? 3 : n.data('kind') === 'collaboration' ? 2 : 1; } }
      : { name: 'cose', animate: false, padding: 20, numIter: 500 },
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, color: '#1d2520', 'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'ellipsis', 'text-max-width': 140 } },
      { selector: 'node[kind = "organisation"]', style: { shape: 'ellipse', width: 18, height: 18, 'background-color': '#1f4e9c' } },
      { selector: 'node[kind = "broker"]', style: { shape: 'ellipse', width: 30, height: 30, 'background-color': '#a3271f', 'border-width': 4, 'border-color': '#1d2520' } },
      { selector: 'node[kind = "collaboration"]', style: { shape: 'round-rectangle', width: 22, height: 22, 'background-color': '#0b5a2e' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#6b736e' } }
    ]
  });
})();
