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
    elements.push({ data: { id: id, label: tr.querySelector('th').textContent.trim(), kind: tr.dataset.broker === 'true' ? 'broker' : 'organisation' } });
    (tr.dataset.collaborations || '').split(' ').filter(function (c) { return collaborations[c]; }).forEach(function (c) {
      elements.push({ data: { id: id + '-c' + c, source: id, target: 'c' + c } });
    });
  });
  if (elements.length === 0) {
    return;
  }
  box.hidden = false;
  cytoscape({
    container: box,
    elements: elements,
    layout: { name: 'cose', animate: false, padding: 20 },
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
