// Sensor page: telemetry with anomaly bands, and the forecast with its interval and the limits.
(function () {
  const sensor = document.getElementById('sensor-script').dataset.sensor;
  const api = (path) => fetch('/api/v1' + path, {credentials: 'same-origin'}).then(r => r.json().then(body => ({ok: r.ok, body})));
  const width = () => Math.min(1150, document.querySelector('main').clientWidth - 20);

  function bandsPlugin(bands) {
    return {hooks: {drawClear: u => {
      const ctx = u.ctx;
      ctx.save();
      ctx.fillStyle = 'rgba(179,38,30,0.15)';
      for (const b of bands) {
        const x0 = u.valToPos(b[0], 'x', true), x1 = u.valToPos(b[1], 'x', true);
        ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
      }
      ctx.restore();
    }}};
  }

  Promise.all([api('/sensors/' + encodeURIComponent(sensor)),
               api('/sensors/' + encodeURIComponent(sensor) + '/telemetry?max_points=3000'),
               api('/anomalies?sensor=' + encodeURIComponent(sensor))]).then(([info, tel, anomalies]) => {
    const t = tel.body.timestamps_ms.map(x => x / 1000);
    const bands = anomalies.body.items.map(a => [Date.parse(a.start) / 1000, Date.parse(a.end) / 1000]);
    new uPlot({title: 'Telemetry (' + tel.body.readings + ' readings' + (tel.body.downsampled ? ', min/max downsampled' : '') + ')',
      width: width(), height: 300, plugins: [bandsPlugin(bands)],
      series: [{}, {label: info.body.name + ' [' + info.body.unit + ']', stroke: '#1f5fbf', spanGaps: false}]},
      [t, tel.body.values], document.getElementById('telemetry'));
  });

  api('/sensors/' + encodeURIComponent(sensor) + '/forecast').then(f => {
    const summary = document.getElementById('forecast-summary');
    if (!f.ok) {
      summary.textContent = f.body.detail;
      return;
    }
    const lines = f.body.limit_crossings.map(c => c.limit + ' ' + c.side + ' limit ' + c.value + ': ' +
      Math.round(c.probability * 100) + ' % chance to cross within the horizon' +
      (c.median_first_crossing ? ', median first crossing ' + c.median_first_crossing : ''));
    summary.innerHTML = '';
    for (const l of lines.length ? lines : ['no limits set for this sensor']) {
      const p = document.createElement('div');
      p.textContent = l;
      summary.appendChild(p);
    }
    const t = f.body.timestamps_ms.map(x => x / 1000);
    const series = [{}, {label: 'forecast', stroke: '#1f5fbf'},
      {label: (f.body.coverage * 100) + ' % lower', stroke: '#9bb7e0', dash: [4, 4]},
      {label: (f.body.coverage * 100) + ' % upper', stroke: '#9bb7e0', dash: [4, 4]}];
    const data = [t, f.body.mean, f.body.lower, f.body.upper];
    for (const c of f.body.limit_crossings) {
      series.push({label: c.limit + ' ' + c.side, stroke: c.limit === 'critical' ? '#b3261e' : '#b26b00'});
      data.push(t.map(() => c.value));
    }
    new uPlot({title: 'Forecast from the last reading', width: width(), height: 260, series}, data,
      document.getElementById('forecast'));
  });
})();
