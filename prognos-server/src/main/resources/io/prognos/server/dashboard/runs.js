// Run page and compare view: one uPlot chart per logged metric, one line per run, from the JSON in #curve-data.
(function () {
  const data = document.getElementById('curve-data');
  if (!data) {
    return;
  }
  const colours = ['#1f5fbf', '#c2410c', '#17803d', '#7c3aed'];
  const width = () => Math.min(1150, document.querySelector('main').clientWidth - 20);
  JSON.parse(data.textContent).forEach((chart, i) => {
    const series = [{label: 'step'}].concat(chart.series.map((s, j) => ({
      label: s.label, stroke: colours[j % colours.length], width: 2, spanGaps: true, points: {show: chart.steps.length < 60}
    })));
    new uPlot({title: chart.metric, width: width(), height: 240, scales: {x: {time: false}},
      axes: [{label: 'step'}, {}], series},
      [chart.steps].concat(chart.series.map(s => s.values)), document.getElementById('curve-' + i));
  });
})();
