package io.prognos.server.alert;

import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.core.forecast.LimitCrossing;
import io.prognos.core.forecast.SeriesForecast;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.PipelineException;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.store.AlertRepository;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.ForecastRepository;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Time-to-limit watch: for each sensor with warning or critical limits and a Production forecaster, the
 * forecast over its trained horizon gives the chance of crossing each limit; the alert engine turns a high
 * enough chance into an alert ("COMP-301-OIL-TEMP: 85 % chance to pass the critical limit 100 within 6 h").
 * It only forecasts when some alert rule asks for time-to-limit alerts. The forecaster was calibrated on normal
 * readings, and a linear forecaster extrapolates a disturbance in its input (a level shift that went back)
 * far past the limits, so an anomaly that has ended inside the input window is bridged first: its readings are
 * replaced by the straight line between the readings just before and just after it. That removes a passing
 * disturbance but keeps the rise of a degradation (the line climbs with it). An anomaly still going on at the
 * latest reading is left as it is: that is the condition whose course toward the limits matters. The risk's
 * message names the anomalies involved.
 *
 * <p>The forecasts it makes are stored ({@link ForecastRepository}), one origin (the last reading) per sensor and
 * forecaster version at most every {@link #STORE_EVERY} of telemetry time, so that their realised accuracy can be
 * measured once the actuals arrive while the table stays small (a minute-sampled sensor with a 6-hour horizon
 * would otherwise add 360 points a minute)
 * ({@code io.prognos.server.monitor.forecast.ForecastAccuracy}). The stored forecast is the one the risk is
 * computed from, so the bridged one when an anomaly was bridged. Points whose target is older than the
 * retention are pruned at most once an hour. Failing to store or prune is logged and never stops the check.
 */
public final class LimitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(LimitWatch.class);

    /** How long forecast points are kept after their target time, by default. */
    public static final Duration DEFAULT_FORECAST_RETENTION = Duration.ofDays(30);
    private static final long PRUNE_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();

    private final PipelineContext context;
    private final AlertEngine engine;
    private final Set<String> reported = new HashSet<>();
    private final ForecastRepository forecasts;
    private final Duration forecastRetention;
    /** Least telemetry time between two stored forecast origins of a sensor and version. */
    public static final Duration STORE_EVERY = Duration.ofHours(1);

    /** Per sensor, the version and origin of the forecast last stored. */
    private record StoredOrigin(long versionId, long originMillis) {
    }

    private final Map<String, StoredOrigin> storedOrigins = new HashMap<>();
    private final Set<String> storeFailureReported = new HashSet<>();
    private long lastPruneMillis = Long.MIN_VALUE;

    public LimitWatch(PipelineContext context, AlertEngine engine) {
        this(context, engine, DEFAULT_FORECAST_RETENTION);
    }

    /** A watch that keeps forecast points for {@code forecastRetention} after their target time. */
    public LimitWatch(PipelineContext context, AlertEngine engine, Duration forecastRetention) {
        if (forecastRetention.isNegative() || forecastRetention.isZero()) {
            throw new IllegalArgumentException("forecast retention must be positive, was " + forecastRetention);
        }
        this.context = context;
        this.engine = engine;
        this.forecasts = new ForecastRepository(context.db());
        this.forecastRetention = forecastRetention;
    }

    /** The chance of crossing one of a sensor's limits within the forecast horizon. */
    public record LimitRisk(String sensorId, String level, String side, double limit, double probability,
                            Instant medianCrossing, Duration horizon, String message) {
    }

    /** Forecasts every sensor with limits and passes the crossing chances to the engine. */
    public synchronized void check(long now) {
        pruneForecasts(now);
        if (new AlertRepository(context.db()).rules().stream().noneMatch(r -> r.minCrossingProbability() > 0)) {
            return;
        }
        for (Sensor s : new AssetRepository(context.db()).sensors(null)) {
            for (LimitRisk r : risks(s)) {
                engine.onLimitRisk(s.id(), r.level(), r.probability(), r.message(), now);
            }
        }
    }

    /**
     * The warning and critical limit risks of a sensor from its Production forecaster; empty when it has no
     * limits or no forecaster, or when the forecast fails.
     */
    public synchronized List<LimitRisk> risks(Sensor s) {
        if (!hasLimit(s.warning()) && !hasLimit(s.critical())) {
            return List.of();
        }
        if (context.registry().production(s.id(), SensorForecaster.KIND).isEmpty()) {
            return List.of();
        }
        SensorForecaster forecaster = new SensorForecaster(context);
        try {
            int horizon = forecaster.trainedHorizon(s.id());
            SensorForecaster.Forecast made = forecaster.forecast(s.id(), horizon, 0.9);
            SeriesForecast f = made.forecast();
            long last = f.times()[0] - f.periodMillis();
            long inputFrom = last - (long) f.model().shape().inputLength() * f.periodMillis();
            List<StoredAnomaly> overlapping = new AnomalyRepository(context.db()).list(s.id(), inputFrom, last + 1, 50);
            reported.remove(s.id());
            StringBuilder note = new StringBuilder();
            Map<Long, Double> bridged = new HashMap<>();
            for (StoredAnomaly a : overlapping) {
                if (a.endMillis() >= last) {
                    note.append(String.format("; the latest readings belong to anomaly %d (since %s)", a.anomalyId(),
                            Instant.ofEpochMilli(a.startMillis())));
                } else if (bridge(s.id(), a, inputFrom, last, f.periodMillis(), bridged)) {
                    note.append(String.format("; anomaly %d (%s to %s) bridged in the forecast's input", a.anomalyId(),
                            Instant.ofEpochMilli(a.startMillis()), Instant.ofEpochMilli(a.endMillis())));
                }
            }
            if (!bridged.isEmpty()) {
                made = forecaster.forecast(s.id(), horizon, 0.9, bridged);
                f = made.forecast();
            }
            store(s.id(), made.version().versionId(), f);
            List<LimitRisk> out = new java.util.ArrayList<>();
            risk(s, "warning", s.warning(), f, note.toString()).ifPresent(out::add);
            risk(s, "critical", s.critical(), f, note.toString()).ifPresent(out::add);
            return out;
        } catch (PipelineException e) {
            if (reported.add(s.id())) {
                LOG.warn("time-to-limit of {} could not be forecast: {}", s.id(), e.getMessage());
            }
            return List.of();
        }
    }

    /**
     * Stores a forecast unless this watch stored one of the same version less than {@link #STORE_EVERY} of
     * telemetry time before its origin (the same origin again is a no-op in the store too); a failure is logged
     * (once until storing works again) and otherwise ignored.
     */
    private void store(String sensorId, long versionId, SeriesForecast f) {
        long origin = f.times()[0] - f.periodMillis();
        StoredOrigin last = storedOrigins.get(sensorId);
        if (last != null && last.versionId() == versionId && origin - last.originMillis() < STORE_EVERY.toMillis()) {
            return;
        }
        try {
            forecasts.save(ForecastRepository.NewForecast.of(sensorId, versionId, f), System.currentTimeMillis());
            storedOrigins.put(sensorId, new StoredOrigin(versionId, origin));
            storeFailureReported.remove(sensorId);
        } catch (RuntimeException e) {
            if (storeFailureReported.add(sensorId)) {
                LOG.warn("forecast of {} could not be stored for accuracy monitoring: {}", sensorId, e.toString());
            } else {
                LOG.debug("forecast of {} could not be stored again", sensorId, e);
            }
        }
    }

    /** Deletes forecast points past the retention, at most once an hour; a failure is logged. */
    private void pruneForecasts(long now) {
        if (lastPruneMillis != Long.MIN_VALUE && now - lastPruneMillis < PRUNE_INTERVAL_MILLIS) {
            return;
        }
        lastPruneMillis = now;
        try {
            int deleted = forecasts.prune(now - forecastRetention.toMillis());
            if (deleted > 0) {
                LOG.info("pruned {} forecast points older than {}", deleted, forecastRetention);
            }
        } catch (RuntimeException e) {
            LOG.warn("old forecast points could not be pruned (retried in an hour): {}", e.toString());
        }
    }

    /**
     * Puts the straight line between the readings just before and just after an ended anomaly in place of its
     * grid points inside the input window; false when there is no reading on one side within a day.
     */
    private boolean bridge(String sensorId, StoredAnomaly a, long inputFrom, long last, long period,
                           Map<Long, Double> bridged) {
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        long reach = Duration.ofDays(1).toMillis();
        TelemetrySeries before = telemetry.read(sensorId, a.startMillis() - reach, a.startMillis());
        TelemetrySeries after = telemetry.read(sensorId, a.endMillis() + 1, Math.min(a.endMillis() + reach, last + 1));
        int b = before.timestamps().length - 1;
        while (b >= 0 && !Double.isFinite(before.values()[b])) {
            b--;
        }
        int n = 0;
        while (n < after.timestamps().length && !Double.isFinite(after.values()[n])) {
            n++;
        }
        if (b < 0 || n == after.timestamps().length) {
            return false;
        }
        long t0 = before.timestamps()[b];
        long t1 = after.timestamps()[n];
        double v0 = before.values()[b];
        double v1 = after.values()[n];
        // grid points of the forecaster's input: last, last - period, ...
        for (long t = last - Math.floorDiv(last - Math.min(a.endMillis(), last), period) * period;
             t >= Math.max(a.startMillis(), inputFrom); t -= period) {
            if (t <= a.endMillis()) {
                bridged.put(t, v0 + (v1 - v0) * (t - t0) / (double) (t1 - t0));
            }
        }
        return true;
    }

    private static java.util.Optional<LimitRisk> risk(Sensor s, String level, Limits limits, SeriesForecast f,
                                                      String note) {
        if (!hasLimit(limits)) {
            return java.util.Optional.empty();
        }
        LimitCrossing worst = null;
        double limit = Double.NaN;
        String side = "";
        if (limits.hasHigh()) {
            worst = f.crossing(limits.high(), true);
            limit = limits.high();
            side = "above";
        }
        if (limits.hasLow()) {
            LimitCrossing low = f.crossing(limits.low(), false);
            if (worst == null || low.probability() > worst.probability()) {
                worst = low;
                limit = limits.low();
                side = "below";
            }
        }
        Duration horizon = Duration.ofMillis(f.periodMillis() * f.times().length);
        String message = String.format("%s (%s): %.0f %% chance to pass %s the %s limit %s %s within %s", s.name(), s.id(),
                100 * worst.probability(), side, level, limit, s.unit(), human(horizon));
        Instant median = null;
        if (worst.possible()) {
            long start = f.times()[0] - f.periodMillis();
            median = Instant.ofEpochMilli(start + f.periodMillis() * worst.crossingStepQuantile(0.5));
            message += "; median first crossing " + median;
        }
        message += note;
        return java.util.Optional.of(new LimitRisk(s.id(), level, side, limit, worst.probability(), median, horizon, message));
    }

    private static boolean hasLimit(Limits l) {
        return l.hasHigh() || l.hasLow();
    }

    private static String human(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
