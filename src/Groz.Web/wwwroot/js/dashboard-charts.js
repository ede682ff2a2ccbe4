// Progressive enhancement of the monitor dashboards: each chart is drawn from the data table beside it, and a button
// switches between chart and table. Without JavaScript (or Chart.js) the tables are the content and nothing is lost.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') {
    return;
  }
  // Dark enough for 3:1 against white (WCAG 1.4.11), and never colour alone: every line has its own dash and point shape.
  var colours = ['#0b5a2e', '#1f4e9c', '#a3271f', '#5b2a86', '#8a4b00', '#00606b', '#3d3d3d'];
  var dashes = [[], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [1, 2], [16, 4]];
  var points = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded'];
  Chart.defaults.color = '#1d2520';
  Chart.defaults.font.size = 14;

  function number(text) {
    return text === '' ? null : parseFloat(text);
  }

  document.querySelectorAll('table[data-chart]').forEach(function (table) {
    var box = document.getElementById(table.dataset.chart);
    if (!box) {
      return;
    }
    var kind = box.dataset.kind;
    var names = Array.prototype.slice.call(table.querySelectorAll('thead th:not([data-target])')).slice(1).map(function (th) { return th.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    // The target column (per year, or per wijk) is drawn as the dashed target line instead of as an area.
    var targetHead = table.querySelector('thead th[data-target]');
    var labels = rows.map(function (tr) { return tr.querySelector('th').textContent.trim(); });
    var datasets = names.map(function (name, i) {
      var c = colours[i % colours.length];
      return {
        label: name,
        data: rows.map(function (tr) { return number(tr.querySelectorAll('td:not([data-target])')[i].dataset.value); }),
        borderColor: c,
        backgroundColor: kind === 'bar' ? c : kind === 'radar' ? c + '22' : c,
        borderDash: kind === 'bar' ? [] : dashes[i % dashes.length],
        pointStyle: points[i % points.length],
        pointRadius: kind === 'bar' ? 0 : 4,
        borderWidth: 2,
        spanGaps: false
      };
    });
    if (targetHead && kind !== 'radar') {
      datasets.push({
        type: 'line', label: targetHead.textContent.trim(),
        data: rows.map(function (tr) { var td = tr.querySelector('td[data-target]'); return td ? number(td.dataset.value) : null; }),
        borderColor: '#000', borderDash: [10, 6], pointRadius: kind === 'bar' ? 5 : 0, pointStyle: 'line', showLine: kind !== 'bar',
        borderWidth: 2, fill: false, stepped: kind === 'bar' ? false : 'middle'
      });
    } else if (box.dataset.target && kind !== 'radar') {
      var target = parseFloat(box.dataset.target);
      datasets.push({
        type: 'line', label: box.dataset.targetLabel, data: labels.map(function () { return target; }),
        borderColor: '#000', borderDash: [10, 6], pointRadius: 0, borderWidth: 2, fill: false
      });
    }
    var wrap = table.parentElement;
    var canvasBox = box.querySelector('.chart-canvas');
    var button = box.querySelector('.chart-toggle');
    box.hidden = false;
    wrap.hidden = true;
    new Chart(box.querySelector('canvas'), {
      type: kind,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { usePointStyle: true } } },
        scales: kind === 'radar' ? { r: { min: 0, max: 10 } } : { y: { beginAtZero: true, title: { display: true, text: box.dataset.unit } } }
      }
    });
    button.addEventListener('click', function () {
      var showTable = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', showTable ? 'true' : 'false');
      wrap.hidden = !showTable;
      canvasBox.hidden = showTable;
    });
  });
})();
