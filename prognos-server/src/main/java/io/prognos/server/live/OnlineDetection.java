package io.prognos.server.live;

import io.prognos.core.asset.Sensor;
import io.prognos.core.detect.Severity;
import io.prognos.core.detect.stream.StreamingDetector;
import io.prognos.core.detect.stream.StreamingDetectors;
import io.prognos.server.ServerMetrics;
import io.prognos.server.ingest.TelemetryIngestService;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Online detection: scores every sensor's readings as they arrive with a streaming detector
 * ({@link StreamingDetector}, chosen by name from {@link StreamingDetectors}, {@code server.online_detector}), so
 * sensors are watched from their first readings, without a trained detector and with memory bounded per sensor.
 * It runs beside {@link LiveScoring} (which scores sensors that have a Production model) and does not replace it.
 *
 * <p><b>What it keeps.</b> One detector per sensor and the timestamp of the last reading fed to it. Arrivals only
 * mark their sensors (ingest does no more work than for live scoring); every scoring interval a pass of its own,
 * on its own thread (spreading sensors over one worker per core, at most 4), reads each marked sensor's readings
 * newer than the last one fed from the store, feeds them in time order and stores an anomaly for each reading
 * whose score is at or above the alarm level ({@code server.online_alarm_level}).
 *
 * <p><b>Warm-up.</b> The first time a pass sees a sensor (after every server start, since the detectors live in
 * memory only) it makes a fresh detector and replays, without flagging anything, the last
 * {@code server.online_warmup} stored readings up to the sensor's newest reading stored before its first live
 * batch ({@link TelemetryIngestService#newestBeforeLive}); then it feeds only the readings after that one. So the
 * history the server finds in the store, including every reading that a previous run already fed and flagged, is
 * the detector's learning and is never flagged again; a detector's memory is bounded (knn-cad remembers 3,000
 * windows and 6,400 scores), so a replay longer than that memory would change nothing. Readings that arrived in
 * the last scoring interval before a shutdown, not fed yet, become part of the history after the restart.
 *
 * <p><b>Order.</b> Every reading is fed exactly once, in time order. A late reading (stored within ingest's
 * one-hour tolerance) whose timestamp is not after the last reading fed is skipped, as are readings without a
 * finite value (they still advance the last-fed timestamp). A streaming detector has no way to take back what it
 * has seen.
 *
 * <p><b>Anomalies.</b> An alarm stores an anomaly of the sensor from the reading's timestamp to itself, with
 * {@code version_id} null and {@code detector} the streaming detector's name; an alarm within
 * {@link #MERGE_GAP_PERIODS} sampling periods of a stored online anomaly of the same sensor and detector (or
 * overlapping it) widens that anomaly instead, so one event stays one anomaly (the knn-cad family damps its
 * scores for 75 readings after an alarm, and an event that lasts alarms again after that). The stored score is
 * {@code -ln(1 - score)} (the score capped at {@code 1 - 1e-12}), so the API's and the dashboard's bounded score
 * {@code 1 - exp(-raw)} shows the streaming score itself; the severity comes from the score by
 * {@link #severity(double)}. Stored and widened anomalies go to the same listeners (alerts) as live scoring's.
 *
 * <p><b>Cost.</b> Memory per sensor is the detector's state, independent of the stream's length. Measured
 * (heap after GC, 20-200 detectors each fed a 10,080-reading warm-up of a noisy daily sine, JDK 17): {@code knn-cad}
 * about 640 kB (its 3,000 training windows of 19 doubles are 0.5 MB with their array headers, the calibrator's ring
 * and sorted copy of 6,400 scores 0.1 MB), {@code knn-cad-multiscale} about 1.3 MB, {@code knn-cad-seasonal} about
 * 3.4 MB and {@code windowed-gaussian} about 50 kB; so 1,000 sensors on knn-cad hold some 640 MB. CPU per reading is
 * one {@link StreamingDetector#score}: for knn-cad the distance to each of up to 3,000 windows of 19 values (57,000
 * multiply-adds), the 27 nearest kept, and a sorted insert into the calibration window, measured at about 75
 * microseconds on one core of a shared 2-core machine (180 for knn-cad-multiscale, 200-250 for knn-cad-seasonal, 0.3
 * for windowed-gaussian); a full 10,080-reading warm-up is thus about 0.7 s per sensor on knn-cad (2 s on the
 * multi-scale and seasonal ones), spent once per sensor and server start. The store work is one indexed range read
 * per sensor and pass (plus the backwards read of the warm-up once).
 *
 * <p><b>Alarm level.</b> The calibrated detectors' score is the share of the stream's recent scores below the
 * reading's, so a level of 0.98 (the level the knn-cad family alarms at in the NAB benchmark) alarms now and then on
 * clean signals too: knn-cad alarmed 47 times in 20,000 readings of a clean noisy daily sine (about three a day at
 * one reading a minute, before its 75-reading hold-off and the merging into one anomaly). The default, 0.999,
 * alarmed never there and still caught a level shift of six times the signal's amplitude at its first reading
 * (scored about 0.9995).
 */
public final class OnlineDetection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineDetection.class);

    /** Sampling periods within which an alarm widens a stored online anomaly of the same sensor and detector. */
    public static final int MERGE_GAP_PERIODS = 100;

    /** Scores are capped here before {@code -ln(1 - score)}, so a score of exactly 1 is stored as a finite 27.6. */
    static final double MAX_SCORE = 1 - 1e-12;

    private final TelemetryIngestService ingest;
    private final ServerMetrics metrics;
    private final String detectorName;
    private final Supplier<StreamingDetector> detectors;
    private final double alarmLevel;
    private final int warmup;
    private final Duration interval;
    private final TelemetryRepository telemetry;
    private final AnomalyRepository anomalies;
    private final AssetRepository assets;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Map<String, SensorStream> streams = new ConcurrentHashMap<>();
    private final Set<String> reportedFailing = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> loggedSeverity = new ConcurrentHashMap<>();
    private final List<Consumer<List<StoredAnomaly>>> listeners = new CopyOnWriteArrayList<>();
    private final SensorWorkers workers = new SensorWorkers("prognos-online-detection-worker");
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-online-detection");
        t.setDaemon(true);
        return t;
    });

    /** One sensor's detector and the timestamp of the last reading fed to it; touched by one pass at a time. */
    private static final class SensorStream {
        final StreamingDetector detector;
        final long mergeGapMillis;
        volatile long lastFedMillis;

        SensorStream(StreamingDetector detector, long mergeGapMillis, long lastFedMillis) {
            this.detector = detector;
            this.mergeGapMillis = mergeGapMillis;
            this.lastFedMillis = lastFedMillis;
        }
    }

    /**
     * @param ingest       where the history of each sensor ends ({@link TelemetryIngestService#newestBeforeLive})
     * @param detectorName a name of {@link StreamingDetectors#names()}
     * @param alarmLevel   score at or above which a reading is stored as an anomaly, in (0, 1]
     * @param warmup       stored readings replayed to a sensor's new detector, at least 1
     * @param interval     how often a pass runs
     */
    public OnlineDetection(Database db, TelemetryIngestService ingest, ServerMetrics metrics, String detectorName,
                           double alarmLevel, int warmup, Duration interval) {
        if (!(alarmLevel > 0 && alarmLevel <= 1)) {
            throw new IllegalArgumentException("online alarm level must be in (0, 1], got " + alarmLevel);
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("online warm-up must be at least 1 reading, got " + warmup);
        }
        this.detectors = StreamingDetectors.byName(detectorName);
        this.ingest = ingest;
        this.metrics = metrics;
        this.detectorName = detectorName;
        this.alarmLevel = alarmLevel;
        this.warmup = warmup;
        this.interval = interval;
        this.telemetry = new TelemetryRepository(db);
        this.anomalies = new AnomalyRepository(db);
        this.assets = new AssetRepository(db);
        metrics.gauge("prognos.online.sensors", "sensors whose streaming detector online detection holds", streams::size);
        metrics.onlineReadings(ServerMetrics.ONLINE_LIVE, 0);
        metrics.onlineReadings(ServerMetrics.ONLINE_WARMUP, 0);
    }

    public String detectorName() {
        return detectorName;
    }

    /** Sensors whose detector is held. */
    public int sensors() {
        return streams.size();
    }

    /** The timestamp of the last reading fed to the sensor's detector, or empty when it has none yet. */
    public OptionalLong lastFed(String sensor) {
        SensorStream s = streams.get(sensor);
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.lastFedMillis);
    }

    /** Called after each pass that stored or widened anomalies (on the online detection thread). */
    public void onAnomalies(Consumer<List<StoredAnomaly>> listener) {
        listeners.add(listener);
    }

    /** Marks the sensors of a stored batch for the next pass (on the ingesting thread; a map update, no more). */
    public void onArrival(TelemetryIngestService.Arrival arrival) {
        arrival.newestBySensor().forEach((sensor, ts) -> pending.merge(sensor, ts, Math::max));
    }

    public void start() {
        LOG.info("online detection on: each sensor's readings are fed once, in time order, to its own {} detector; "
                        + "a score at or above {} is stored as an anomaly; a sensor's detector first replays its last {} "
                        + "stored readings", detectorName, alarmLevel, warmup);
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::feedPendingSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void feedPendingSafely() {
        try {
            feedPending();
        } catch (RuntimeException e) {
            LOG.error("online detection pass failed; it runs again in {} ms", interval.toMillis(), e);
        }
    }

    /**
     * Feeds every marked sensor's new readings to its detector once; returns the anomalies stored or widened.
     * Passes do not overlap; each sensor is fed by one worker per pass.
     */
    public synchronized List<StoredAnomaly> feedPending() {
        List<String> sensors = List.copyOf(pending.keySet());
        List<StoredAnomaly> stored = Collections.synchronizedList(new ArrayList<>());
        if (!workers.forEach(sensors, sensor -> feedSafely(sensor, stored))) {
            return List.copyOf(stored);
        }
        List<StoredAnomaly> result = List.copyOf(stored);
        if (!result.isEmpty()) {
            listeners.forEach(l -> l.accept(result));
        }
        return result;
    }

    private void feedSafely(String sensor, List<StoredAnomaly> stored) {
        Long newest = pending.remove(sensor);
        if (newest == null) {
            return;
        }
        try {
            feed(sensor, newest, stored);
            reportedFailing.remove(sensor);
        } catch (RuntimeException e) {
            // the store did not answer: try again next pass (what was fed stays fed)
            pending.merge(sensor, newest, Math::max);
            if (reportedFailing.add(sensor)) {
                LOG.warn("online detection of sensor {} failed, retried every pass: {}", sensor, e.getMessage());
            }
        }
    }

    private void feed(String sensor, long newest, List<StoredAnomaly> stored) {
        SensorStream stream = streams.get(sensor);
        if (stream == null) {
            stream = warmUp(sensor, newest);
            streams.put(sensor, stream);
        }
        if (newest <= stream.lastFedMillis) {
            return;
        }
        TelemetrySeries series = telemetry.read(sensor, stream.lastFedMillis + 1, newest + 1);
        List<StoredAnomaly> alarms = new ArrayList<>();
        int scored = 0;
        long[] ts = series.timestamps();
        double[] values = series.values();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] <= stream.lastFedMillis) {
                continue;
            }
            stream.lastFedMillis = ts[i];
            if (!Double.isFinite(values[i])) {
                continue;
            }
            double score = stream.detector.score(Math.floorDiv(ts[i], 1000L), values[i]);
            scored++;
            if (score >= alarmLevel) {
                alarms.add(new StoredAnomaly(0, sensor, null, ts[i], ts[i], storedScore(score), severity(score).name(), 0,
                        detectorName));
            }
        }
        metrics.onlineReadings(ServerMetrics.ONLINE_LIVE, scored);
        if (alarms.isEmpty()) {
            return;
        }
        List<StoredAnomaly> saved = anomalies.saveMerging(sensor, null, detectorName, alarms, stream.mergeGapMillis);
        for (StoredAnomaly a : saved) {
            String before = loggedSeverity.put(a.anomalyId(), a.severity());
            if (!a.severity().equals(before)) {
                LOG.info("{} online anomaly {} on {} by {}: {} to {}, score {} ({})", before == null ? "new" : "escalated",
                        a.anomalyId(), sensor, detectorName, Instant.ofEpochMilli(a.startMillis()),
                        Instant.ofEpochMilli(a.endMillis()), String.format("%.4f", streamingScore(a.score())), a.severity());
            }
        }
        stored.addAll(saved);
        metrics.anomaliesStored(saved.size());
    }

    /**
     * A fresh detector for the sensor, fed its history without flagging: the last {@code warmup} readings up to
     * the sensor's newest reading stored before its first live batch (when ingest has not checked a live batch of
     * it, which a pass never sees, up to {@code newest}, so nothing already stored is flagged).
     */
    private SensorStream warmUp(String sensor, long newest) {
        long started = System.nanoTime();
        OptionalLong historyEnd = ingest.newestBeforeLive(sensor);
        long end = historyEnd.isPresent() ? historyEnd.getAsLong() : newest;
        long period = assets.findSensor(sensor).map(Sensor::samplingPeriod).orElse(Duration.ofMinutes(1)).toMillis();
        SensorStream stream = new SensorStream(detectors.get(), MERGE_GAP_PERIODS * period, end);
        if (end == Long.MIN_VALUE) {
            return stream; // no history: every reading is live
        }
        TelemetrySeries history = telemetry.readLast(sensor, end + 1, warmup);
        long[] ts = history.timestamps();
        double[] values = history.values();
        int replayed = 0;
        for (int i = 0; i < ts.length; i++) {
            if (Double.isFinite(values[i])) {
                stream.detector.score(Math.floorDiv(ts[i], 1000L), values[i]);
                replayed++;
            }
        }
        metrics.onlineReadings(ServerMetrics.ONLINE_WARMUP, replayed);
        LOG.debug("online detection of {}: {} detector warmed up on {} stored readings through {} in {} ms", sensor,
                detectorName, replayed, Instant.ofEpochMilli(end), (System.nanoTime() - started) / 1_000_000);
        return stream;
    }

    /**
     * The severity of a streaming score, by its tail probability {@code 1 - score} (the calibrated detectors'
     * score is the estimated share of the stream's recent scores below it), each band ten times rarer than the one
     * before: under 0.99 LOW (rarer than 1 in 50 at the default alarm level, but not 1 in 100), under 0.999 MEDIUM,
     * under 0.9999 HIGH, else CRITICAL.
     */
    public static Severity severity(double score) {
        if (score < 0.99) {
            return Severity.LOW;
        }
        if (score < 0.999) {
            return Severity.MEDIUM;
        }
        if (score < 0.9999) {
            return Severity.HIGH;
        }
        return Severity.CRITICAL;
    }

    /** The score column's value for a streaming score: {@code -ln(1 - score)}, so that {@code 1 - exp(-raw)} is the score. */
    static double storedScore(double score) {
        return -Math.log1p(-Math.min(Math.max(score, 0), MAX_SCORE));
    }

    /** The streaming score of a stored online anomaly's score column. */
    static double streamingScore(double stored) {
        return -Math.expm1(-stored);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        workers.close();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
