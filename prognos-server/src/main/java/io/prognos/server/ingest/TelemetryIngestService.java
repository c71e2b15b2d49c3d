package io.prognos.server.ingest;

import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.TelemetryPoint;
import io.prognos.store.TelemetryRepository;
import io.prognos.server.ServerMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live telemetry ingest, shared by HTTP and MQTT. A batch is checked whole, then stored in one
 * transaction: when {@link #ingest} returns, its points are durable; when it throws, none of them was
 * stored and everything accepted before is untouched.
 *
 * <p>Checks: every sensor is registered; each sensor's points in the batch have increasing timestamps;
 * and live ingest appends: a point more than {@link #LATE_TOLERANCE_MILLIS} older than the sensor's newest
 * stored reading is refused, unless that exact reading is stored already (a resent point is a harmless
 * duplicate, as after an MQTT redelivery). A late point within the tolerance (a message the broker
 * delivered out of order) is stored, but live scoring, which has judged past it, does not judge it. Older
 * history goes in with {@code prognos ingest}.
 */
public final class TelemetryIngestService {

    /** What a batch did: points in it, newly stored, and already stored (resent). */
    public record Accepted(int points, long inserted, long duplicates) {
    }

    /** The newest readings a batch brought, per sensor, and when they arrived. */
    public record Arrival(Map<String, Long> newestBySensor, long arrivedAtMillis) {
    }

    /** How far behind a sensor's newest reading a live point may arrive and still be stored: one hour. */
    public static final long LATE_TOLERANCE_MILLIS = 3_600_000L;

    private final Database db;
    private final TelemetryRepository telemetry;
    private final ServerMetrics metrics;
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Long> lastArrival = new ConcurrentHashMap<>();
    /** Each sensor's newest stored reading before its first live batch since this service started. */
    private final Map<String, Long> newestBeforeLive = new ConcurrentHashMap<>();
    private final List<Consumer<Arrival>> listeners = new CopyOnWriteArrayList<>();
    private volatile java.util.Set<String> knownSensors = java.util.Set.of();

    public TelemetryIngestService(Database db, ServerMetrics metrics) {
        this.db = db;
        this.telemetry = new TelemetryRepository(db);
        this.metrics = metrics;
    }

    /** Called after every stored batch (on the ingesting thread). */
    public void onArrival(Consumer<Arrival> listener) {
        listeners.add(listener);
    }

    /** Wall-clock time of each sensor's last accepted point. */
    public Map<String, Long> lastArrivals() {
        return Map.copyOf(lastArrival);
    }

    /**
     * The sensor's newest stored reading before the first live batch of it that this service checked
     * ({@link Long#MIN_VALUE} when it had none), or empty before such a batch: where the history that the server
     * found in the store ends and live readings begin. Online detection replays the history to its detectors and
     * flags only the live readings.
     */
    public OptionalLong newestBeforeLive(String sensor) {
        Long n = newestBeforeLive.get(sensor);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /**
     * Checks and stores a batch.
     *
     * @param transport {@code http} or {@code mqtt}, for metrics
     * @throws BadTelemetryException naming the first bad point; nothing of the batch was stored
     */
    public synchronized Accepted ingest(List<TelemetryPoint> points, String transport) {
        try {
            Map<String, Long> batchNewest = check(points);
            TelemetryRepository.IngestResult result = telemetry.ingest(points);
            long now = System.currentTimeMillis();
            batchNewest.forEach((sensor, ts) -> {
                newest.merge(sensor, ts, Math::max);
                lastArrival.put(sensor, now);
            });
            metrics.accepted(transport, points.size());
            Arrival arrival = new Arrival(Map.copyOf(batchNewest), now);
            for (Consumer<Arrival> l : listeners) {
                l.accept(arrival);
            }
            return new Accepted(points.size(), result.inserted(), result.duplicates());
        } catch (BadTelemetryException e) {
            metrics.refused(transport);
            throw e;
        }
    }

    private Map<String, Long> check(List<TelemetryPoint> points) {
        Map<String, Long> previous = new HashMap<>();
        Map<String, Integer> previousIndex = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            TelemetryPoint p = points.get(i);
            String sensor = p.sensorId();
            if (!isKnown(sensor)) {
                throw new BadTelemetryException("points[" + i + "]: unknown sensor '" + sensor + "'; register it first "
                        + "(prognos sensors add, or POST /api/v1/sensors)");
            }
            Long before = previous.get(sensor);
            if (before != null && p.timestampMillis() <= before) {
                throw new BadTelemetryException("points[" + i + "]: timestamp " + p.timestampMillis() + " of sensor '"
                        + sensor + "' is " + (p.timestampMillis() == before ? "a duplicate of" : "before")
                        + " points[" + previousIndex.get(sensor) + "] in the same batch; send each sensor's points in time order");
            }
            long stored = newestStored(sensor);
            boolean tooLate = stored != Long.MIN_VALUE && p.timestampMillis() < stored - LATE_TOLERANCE_MILLIS;
            if (tooLate && !telemetry.contains(sensor, p.timestampMillis())) {
                throw new BadTelemetryException("points[" + i + "]: timestamp " + p.timestampMillis() + " of sensor '"
                        + sensor + "' is more than an hour older than its newest reading (" + stored + "); live ingest "
                        + "appends: load older history with 'prognos ingest FILE --sensor " + sensor + "'");
            }
            previous.put(sensor, p.timestampMillis());
            previousIndex.put(sensor, i);
        }
        return previous;
    }

    private long newestStored(String sensor) {
        Long n = newest.get(sensor);
        if (n == null) {
            OptionalLong stored = telemetry.newestTimestamp(sensor);
            n = stored.isPresent() ? stored.getAsLong() : Long.MIN_VALUE;
            newest.put(sensor, n);
            newestBeforeLive.putIfAbsent(sensor, n);
        }
        return n;
    }

    private boolean isKnown(String sensor) {
        if (knownSensors.contains(sensor)) {
            return true;
        }
        List<String> ids = new ArrayList<>();
        new AssetRepository(db).sensors(null).forEach(s -> ids.add(s.id()));
        knownSensors = java.util.Set.copyOf(ids);
        return knownSensors.contains(sensor);
    }
}
