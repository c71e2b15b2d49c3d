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
import io.prognos.store.StoredAnomaly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Time-to-limit watch: for each sensor with warning or critical limits and a Production forecaster, the
 * forecast over its trained horizon gives the chance of crossing each limit; the alert engine turns a high
 * enough chance into an alert ("COMP-301-OIL-TEMP: 85 % chance to pass the critical limit 100 within 6 h").
 * It only forecasts when some alert rule asks for time-to-limit alerts. When the forecaster's input window holds
 * a detected anomaly, the risk is still given (a degradation is flagged by the detector and is exactly what
 * time-to-limit is for), and its message says so: the forecaster's intervals were calibrated on normal readings,
 * so such a risk deserves a look at the readings. An earlier version paused time-to-limit while the input held an
 * anomaly; once the live detector judged each reading as it arrived it flagged degradations too, and the pause
 * hid the one risk that mattered most.
 */
public final class LimitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(LimitWatch.class);

    private final PipelineContext context;
    private final AlertEngine engine;
    private final Set<String> reported = new HashSet<>();

    public LimitWatch(PipelineContext context, AlertEngine engine) {
        this.context = context;
        this.engine = engine;
    }

    /** The chance of crossing one of a sensor's limits within the forecast horizon. */
    public record LimitRisk(String sensorId, String level, String side, double limit, double probability,
                            Instant medianCrossing, Duration horizon, String message) {
    }

    /** Forecasts every sensor with limits and passes the crossing chances to the engine. */
    public synchronized void check(long now) {
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
            SeriesForecast f = forecaster.forecast(s.id(), horizon, 0.9).forecast();
            long last = f.times()[0] - f.periodMillis();
            long inputFrom = last - (long) f.model().shape().inputLength() * f.periodMillis();
            List<StoredAnomaly> overlapping = new AnomalyRepository(context.db()).list(s.id(), inputFrom, last + 1, 1);
            reported.remove(s.id());
            // the newest anomaly in the input window, if any
            String note = overlapping.isEmpty() ? "" : String.format("; the forecast's input holds anomaly %d (%s to %s)",
                    overlapping.get(0).anomalyId(), Instant.ofEpochMilli(overlapping.get(0).startMillis()),
                    Instant.ofEpochMilli(overlapping.get(0).endMillis()));
            List<LimitRisk> out = new java.util.ArrayList<>();
            risk(s, "warning", s.warning(), f, note).ifPresent(out::add);
            risk(s, "critical", s.critical(), f, note).ifPresent(out::add);
            return out;
        } catch (PipelineException e) {
            if (reported.add(s.id())) {
                LOG.warn("time-to-limit of {} could not be forecast: {}", s.id(), e.getMessage());
            }
            return List.of();
        }
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
