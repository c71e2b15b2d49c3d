package io.prognos.server.monitor;

import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.server.alert.AlertEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the detectors' KPIs from operator feedback on a schedule and turns a degradation into a model alert
 * (and its recovery into the alert clearing), so that a detector that no longer performs as validated is
 * noticed without anyone opening the monitoring page.
 */
public final class ModelHealthWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ModelHealthWatch.class);

    private final DetectorKpis kpis;
    private final AlertEngine alerts;
    private volatile int degraded;

    public ModelHealthWatch(DetectorKpis kpis, AlertEngine alerts) {
        this.kpis = kpis;
        this.alerts = alerts;
    }

    /** Computes the KPIs and raises or clears model alerts; returns the degraded sensors' verdict messages. */
    public Map<String, String> check(long now) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (DetectorKpis.SensorKpis s : kpis.compute().degraded()) {
            String message = s.verdict().map(DegradationVerdict::message).orElseThrow();
            messages.put(s.sensorId(), message);
            LOG.warn("detector of {} degraded: {}; review its anomalies and retrain it (prognos train {})", s.sensorId(),
                    message, s.sensorId());
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
