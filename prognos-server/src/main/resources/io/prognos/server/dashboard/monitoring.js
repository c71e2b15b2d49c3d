// Monitoring page: precision, recall and F1 per week from the JSON in #kpi-data (null where undefined).
(function () {
  const data = document.getElementById('kpi-data');
  if (!data) {
    return;
  }
  const d = JSON.parse(data.textContent);
  const width = Math.min(1150, document.querySelector('main').clientWidth - 20);
  const line = (label, stroke) => ({label, stroke, width: 2, spanGaps: false, points: {show: true},
    value: (u, v) => v == null ? '–' : Math.round(v * 100) + ' %'});
  new uPlot({title: 'Detector KPIs per week', width, height: 240,
    scales: {y: {range: [0, 1]}},
    series: [{}, line('precision', '#1f5fbf'), line('recall', '#c2410c'), line('F1', '#17803d')]},
    [d.x, d.precision, d.recall, d.f1], document.getElementById('kpi-chart'));
})();
