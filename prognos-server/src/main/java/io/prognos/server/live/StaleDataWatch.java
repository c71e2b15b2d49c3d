package io.prognos.server.live;

import io.prognos.core.asset.Sensor;
import io.prognos.server.ingest.TelemetryIngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Raises a stale-data alarm for a sensor that reported live and then stopped: no point for longer than
 * its allowance (by default ten sampling periods, or a fixed duration when configured). The alarm
 * clears when points arrive again. Sensors that never reported live are not judged.
 */
public final class StaleDataWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StaleDataWatch.class);

    private final TelemetryIngestService ingest;
    private final Supplier<List<Sensor>> sensors;
    private final Duration fixedAllowance;
    private final Set<String> stale = new TreeSet<>();
    private final List<java.util.function.BiConsumer<List<String>, List<String>>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called with the sensors that became stale and those that report again, after each check that changed any. */
    public void onChange(java.util.function.BiConsumer<List<String>, List<String>> listener) {
        listeners.add(listener);
    }

    /** @param fixedAllowance silence allowed before the alarm, or null for ten sampling periods per sensor */
    public StaleDataWatch(TelemetryIngestService ingest, Supplier<List<Sensor>> sensors, Duration fixedAllowance) {
        this.ingest = ingest;
        this.sensors = sensors;
        this.fixedAllowance = fixedAllowance;
    }

    /** Silence allowed for a sensor before it is stale. */
    public Duration allowance(Sensor sensor) {
        return fixedAllowance != null ? fixedAllowance : sensor.samplingPeriod().multipliedBy(10);
    }

    /**
     * Re-evaluates every sensor at {@code nowMillis}; returns the stale ones. Changes are logged in one line
     * per check (naming up to ten sensors), so a gateway outage does not flood the log.
     */
    public synchronized Set<String> check(long nowMillis) {
        Map<String, Long> arrivals = ingest.lastArrivals();
        List<String> became = new java.util.ArrayList<>();
        List<String> cleared = new java.util.ArrayList<>();
        long longestSilence = 0;
        for (Sensor s : sensors.get()) {
            Long last = arrivals.get(s.id());
            boolean isStale = last != null && nowMillis - last > allowance(s).toMillis();
            if (isStale && stale.add(s.id())) {
                became.add(s.id());
                longestSilence = Math.max(longestSilence, nowMillis - last);
            } else if (!isStale && stale.remove(s.id())) {
                cleared.add(s.id());
            }
        }
        if (!became.isEmpty()) {
            LOG.warn("stale data: {} sensor(s) sent nothing for longer than allowed (up to {} s): {}; check their gateway "
                    + "or broker link", became.size(), longestSilence / 1000, names(became));
        }
        if (!cleared.isEmpty()) {
            LOG.info("{} sensor(s) report again, stale-data alarm cleared: {}", cleared.size(), names(cleared));
        }
        if (!became.isEmpty() || !cleared.isEmpty()) {
            for (var l : listeners) {
                l.accept(List.copyOf(became), List.copyOf(cleared));
            }
        }
        return Set.copyOf(stale);
    }

    /** Up to ten names, then how many more, for one log line about many sensors. */
    static String names(List<String> ids) {
        return ids.size() <= 10 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }

    public synchronized Set<String> stale() {
        return Set.copyOf(stale);
    }
}
