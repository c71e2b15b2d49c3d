// Anomaly page: the reading against what the detector expected, with the normal band, and the asset's
// other sensors ranked by how unusual they were over the same interval.
(function () {
  const id = document.getElementById('anomaly-script').dataset.anomaly;
  fetch('/api/v1/anomalies/' + encodeURIComponent(id), {credentials: 'same-origin'}).then(r => r.json()).then(a => {
    const table = document.getElementById('related');
    for (const r of a.related) {
      const row = table.insertRow();
      const link = document.createElement('a');
      link.href = '/sensors/' + encodeURIComponent(r.sensor);
      link.textContent = r.name + ' (' + r.sensor + ')';
      row.insertCell().appendChild(link);
      row.insertCell().textContent = r.unusualness === null ? 'no data' : r.unusualness.toFixed(1);
    }
    const box = document.getElementById('why');
    if (!a.expected) {
      box.textContent = a.expected_unavailable;
      return;
    }
    const e = a.expected;
    const t = e.timestamps_ms.map(x => x / 1000);
    const band = e.band_half_width || 0;
    new uPlot({title: 'Reading and what the detector expected (band: 99 % of normal errors)',
      width: Math.min(1150, document.querySelector('main').clientWidth - 20), height: 300,
      series: [{}, {label: 'reading', stroke: '#b3261e'}, {label: 'expected', stroke: '#1f5fbf'},
        {label: 'band low', stroke: '#9bb7e0', dash: [4, 4]}, {label: 'band high', stroke: '#9bb7e0', dash: [4, 4]}]},
      [t, e.actual, e.expected, e.expected.map(v => v === null ? null : v - band),
        e.expected.map(v => v === null ? null : v + band)], box);
  });
})();
