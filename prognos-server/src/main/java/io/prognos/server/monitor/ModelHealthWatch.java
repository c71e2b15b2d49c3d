package io.prognos.server.monitor;

import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.monitor.forecast.ForecastAccuracy;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks on a schedule the detectors' KPIs from operator feedback and the Production forecasters' realised
 * accuracy, and turns a degradation into a model alert per sensor (and its recovery into the alert clearing), so
 * that a model that no longer performs as validated is noticed without anyone opening the monitoring page.
 */
public final class ModelHealthWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHealthWatch.class);

    private final DetectorKpis kpis;
    private final ForecastAccuracy forecasts;
    private final ModelRegistry registry;
    private final AlertEngine alerts;
    private volatile int degraded;

    public ModelHealthWatch(DetectorKpis kpis, ForecastAccuracy forecasts, ModelRegistry registry, AlertEngine alerts) {
        this.kpis = kpis;
        this.forecasts = forecasts;
        this.registry = registry;
        this.alerts = alerts;
    }

    /** Computes the KPIs and raises or clears model alerts; returns the degraded sensors' verdict messages. */
    public Map<String, String> check(long now) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (DetectorKpis.SensorKpis s : kpis.compute().degraded()) {
            String message = s.verdict().map(DegradationVerdict::message).orElseThrow();
            messages.put(s.sensorId(), "detector: " + message);
            LOG.warn("detector of {} degraded: {}; review its anomalies and retrain it (prognos train {})", s.sensorId(),
                    message, s.sensorId());
        }
        for (ForecastAccuracy.SensorAccuracy s : forecasts.all(Long.MIN_VALUE, Long.MAX_VALUE)) {
            Long production = registry.production(s.sensorId(), SensorForecaster.KIND).map(ModelVersion::versionId)
                    .orElse(null);
            for (ForecastAccuracy.VersionAccuracy v : s.versions()) {
                if (Long.valueOf(v.versionId()).equals(production) && v.verdict().degraded()) {
                    messages.merge(s.sensorId(), "forecaster: " + v.verdict().message(), (a, b) -> a + "; " + b);
                    LOG.warn("forecaster of {} degraded: {}; retrain it (prognos train {} --kind forecaster)", s.sensorId(),
                            v.verdict().message(), s.sensorId());
                }
            }
        }
        degraded = messages.size();
        alerts.onModelHealth(messages, now);
        return messages;
    }

    /** Sensors found degraded by the last check. */
    public int degradedCount() {
        return degraded;
    }
}
