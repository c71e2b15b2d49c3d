package io.prognos.server.drift;

import io.prognos.core.drift.DriftAnalyzer;
import io.prognos.core.drift.DriftMetrics;
import io.prognos.core.drift.DriftRecommendation;
import io.prognos.core.drift.DriftReport;
import io.prognos.core.drift.DriftThresholds;
import io.prognos.pipeline.DetectorSpec;
import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.PipelineException;
import io.prognos.pipeline.SensorScorer;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.api.TrainingJobRequests;
import io.prognos.server.jobs.JobKind;
import io.prognos.server.jobs.JobRequest;
import io.prognos.server.jobs.TrainingJob;
import io.prognos.server.jobs.TrainingJobs;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.DriftReportRepository;
import io.prognos.store.DriftReportRepository.StoredDriftReport;
import io.prognos.store.DriftReportRepository.Window;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches every sensor that has a Production detector for drift, stores a report per check, and starts a
 * retraining job when the drift calls for one. Without it a detector trained months ago keeps judging a
 * process that moved on, and its anomalies turn into noise (or silence).
 *
 * <p>Per sensor and check:
 * <ul>
 *   <li><b>reference window</b>: the readings of the detector version's dataset version (the time range
 *       {@code SensorTrainer} recorded for the training, validation and test rows it prepared). When the dataset
 *       version cannot be found, the readings of up to {@code maxReadings} sampling periods that ended when the
 *       version was registered stand in for it. At most the last {@code maxReadings} readings are used;</li>
 *   <li><b>current window</b>: the most recent readings after the reference window, as many as the reference
 *       holds and spanning at most the reference's duration;</li>
 *   <li><b>prediction errors</b>, when they can be computed (enough readings before each window for the
 *       detector's look-back): the detector's absolute one-step errors ({@link SensorScorer#expectation}) on the
 *       held-out part of the dataset (the rows after the training rows, so the reference errors are
 *       out-of-sample like the current ones) and on the current window. Otherwise the check compares inputs
 *       only.</li>
 * </ul>
 * {@link DriftAnalyzer} (default thresholds, its retraining level set to {@link DriftMonitorSettings#retrainAt()})
 * gives the verdict, which is stored through {@link DriftReportRepository}. A RETRAIN recommendation at or above
 * that level submits a detector job for the sensor (same predictor as the checked version) through
 * {@link TrainingJobs}, requested by {@value #ACTOR}, at most once per sensor per cooldown (jobs the monitor
 * submitted before a restart count too, as the server keeps them). INSPECT_SENSOR is logged, never retrained:
 * retraining on a stuck or broken signal would teach the detector the fault.
 *
 * <p>{@link #check(long)} runs one pass (tests call it directly); {@link #start()} schedules it every
 * {@link DriftMonitorSettings#interval()}, the first one interval after the start. Thread-safe.
 */
public final class DriftMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);
    /** The requester recorded for the retraining jobs the monitor submits. */
    public static final String ACTOR = "drift-monitor";

    private final PipelineContext context;
    private final TrainingJobs jobs;
    private final DriftMonitorSettings settings;
    private final DriftAnalyzer analyzer;
    private final DriftReportRepository reports;
    private final Map<String, Long> submittedAt = new HashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-drift-monitor");
        t.setDaemon(true);
        return t;
    });

    /**
     * The outcome of one pass.
     *
     * @param reports    the reports stored, one per sensor checked
     * @param retraining the retraining jobs submitted, by sensor
     * @param skipped    sensors with a Production detector that were not checked, with the reason
     */
    public record Check(List<StoredDriftReport> reports, Map<String, Long> retraining, Map<String, String> skipped) {

        public Check {
            reports = List.copyOf(reports);
            retraining = Map.copyOf(retraining);
            skipped = Map.copyOf(skipped);
        }
    }

    public DriftMonitor(PipelineContext context, TrainingJobs jobs, DriftMonitorSettings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.analyzer = new DriftAnalyzer(DriftThresholds.defaults().withRetrainAt(settings.retrainAt()),
                DriftMetrics.DEFAULT_BINS);
        this.reports = new DriftReportRepository(context.db());
    }

    public DriftMonitorSettings settings() {
        return settings;
    }

    /** Schedules {@link #check(long)} every interval, the first one interval from now. */
    public void start() {
        long every = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                check(System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("drift check failed; it runs again in {}", settings.interval(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.info("drift monitor: checking Production detectors every {}, retraining from {} at most every {} per sensor",
                settings.interval(), settings.retrainAt(), settings.cooldown());
    }

    /**
     * Checks every sensor with a Production detector once, stores a report for each that has enough data, and
     * submits the retraining jobs the reports call for. {@code nowMillis} is the reports' creation time and the
     * clock of the cooldown.
     */
    public synchronized Check check(long nowMillis) {
        List<StoredDriftReport> stored = new ArrayList<>();
        Map<String, Long> submitted = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (ModelVersion version : context.registry().inStage(Stage.PRODUCTION)) {
            if (!SensorTrainer.KIND.equals(version.kind())) {
                continue;
            }
            String sensorId = version.sensorId();
            StoredDriftReport report;
            try {
                report = checkSensor(version, nowMillis);
            } catch (SkipException e) {
                skipped.put(sensorId, e.getMessage());
                LOG.debug("drift check of {} skipped: {}", sensorId, e.getMessage());
                continue;
            } catch (RuntimeException e) {
                skipped.put(sensorId, "check failed: " + e.getMessage());
                LOG.warn("drift check of {} ({}) failed: {}", sensorId, version.label(), e.toString());
                continue;
            }
            stored.add(report);
            act(version, report, nowMillis).ifPresent(id -> submitted.put(sensorId, id));
        }
        if (!stored.isEmpty() || !skipped.isEmpty()) {
            LOG.info("drift check: {} sensor(s) checked, {} retraining job(s) submitted, {} skipped", stored.size(),
                    submitted.size(), skipped.size());
        }
        return new Check(stored, submitted, skipped);
    }

    private StoredDriftReport checkSensor(ModelVersion version, long nowMillis) {
        String sensorId = version.sensorId();
        DetectorSpec spec = DetectorSpec.fromJson(version.config());
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        int max = settings.maxReadings();

        Long heldOutFrom = null;
        TelemetrySeries reference;
        DatasetVersion dataset = new DatasetRepository(context.db()).find(version.datasetHash()).orElse(null);
        if (dataset != null) {
            reference = telemetry.read(sensorId, dataset.startMillis(), dataset.endMillis() + 1);
            Object trainRows = dataset.preprocessing().get("train_rows");
            Object period = dataset.preprocessing().get("resample_period_ms");
            if (trainRows instanceof Number rows && period instanceof Number p) {
                long from = dataset.startMillis() + rows.longValue() * p.longValue();
                heldOutFrom = from <= dataset.endMillis() ? from : null;
            }
        } else {
            long span = Math.multiplyExact((long) max, spec.periodMillis());
            reference = telemetry.read(sensorId, version.createdAtMillis() - span, version.createdAtMillis());
        }
        reference = lastFinite(reference, max);
        if (reference.size() < DriftMetrics.MIN_SAMPLE_SIZE) {
            throw new SkipException("only " + reference.size() + " readings with values in the training range of "
                    + version.label() + (dataset == null ? " (its dataset version " + version.datasetHash()
                    + " is not in the store)" : "") + "; need " + DriftMetrics.MIN_SAMPLE_SIZE);
        }
        long referenceFirst = reference.timestamps()[0];
        long referenceLast = reference.timestamps()[reference.size() - 1];
        long referenceEnd = dataset != null ? Math.max(dataset.endMillis(), referenceLast) : referenceLast;

        OptionalLong newest = telemetry.newestTimestamp(sensorId);
        if (newest.isEmpty() || newest.getAsLong() <= referenceEnd) {
            throw new SkipException("no readings after the training data of " + version.label() + " (it ends "
                    + Instant.ofEpochMilli(referenceEnd) + ")");
        }
        long currentFrom = Math.max(referenceEnd + 1, newest.getAsLong() - (referenceLast - referenceFirst));
        TelemetrySeries current = lastFinite(telemetry.read(sensorId, currentFrom, newest.getAsLong() + 1),
                reference.size());
        if (current.size() < DriftMetrics.MIN_SAMPLE_SIZE) {
            throw new SkipException("only " + current.size() + " readings with values since the training data of "
                    + version.label() + " ended at " + Instant.ofEpochMilli(referenceEnd) + "; need "
                    + DriftMetrics.MIN_SAMPLE_SIZE);
        }
        long currentFirst = current.timestamps()[0];
        long currentLast = current.timestamps()[current.size() - 1];

        DriftReport report = analyze(version, reference.values(), current.values(),
                heldOutFrom == null ? null : errors(sensorId, heldOutFrom, referenceEnd + 1),
                errors(sensorId, currentFirst, currentLast + 1));
        return reports.save(sensorId, version.versionId(),
                new Window(referenceFirst, referenceLast, reference.size()),
                new Window(currentFirst, currentLast, current.size()), report, nowMillis);
    }

    /** With errors when both sides have them and they are usable, else inputs only. */
    private DriftReport analyze(ModelVersion version, double[] reference, double[] current, double[] referenceErrors,
                                double[] currentErrors) {
        if (referenceErrors != null && currentErrors != null) {
            try {
                return analyzer.analyze(reference, current, referenceErrors, currentErrors);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("prediction errors")) {
                    throw e; // a problem of the inputs: the inputs-only check would fail alike
                }
                LOG.debug("drift check of {}: comparing inputs only, the errors cannot be compared: {}",
                        version.label(), e.getMessage());
            }
        }
        return analyzer.analyze(reference, current);
    }

    /** The detector's absolute one-step errors over {@code [from, to)}, or null when they cannot be computed. */
    private double[] errors(String sensorId, long fromMillis, long toMillis) {
        SensorScorer.Expectation e;
        try {
            e = new SensorScorer(context).expectation(sensorId, fromMillis, toMillis, settings.maxReadings());
        } catch (PipelineException ex) {
            LOG.debug("drift check of {}: no prediction errors over [{}, {}): {}", sensorId,
                    Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis), ex.getMessage());
            return null;
        }
        double[] errors = new double[e.actual().length];
        int n = 0;
        for (int i = 0; i < e.actual().length; i++) {
            double d = Math.abs(e.actual()[i] - e.expected()[i]);
            if (Double.isFinite(d)) {
                errors[n++] = d;
            }
        }
        return n >= DriftMetrics.MIN_SAMPLE_SIZE ? Arrays.copyOf(errors, n) : null;
    }

    private java.util.Optional<Long> act(ModelVersion version, StoredDriftReport report, long nowMillis) {
        String sensorId = version.sensorId();
        if (report.recommendation() == DriftRecommendation.INSPECT_SENSOR) {
            LOG.warn("drift on {}: {}; not retrained, check the sensor and its wiring (GET /api/v1/sensors/{}/drift)",
                    sensorId, report.explanation(), sensorId);
            return java.util.Optional.empty();
        }
        if (report.recommendation() != DriftRecommendation.RETRAIN || !report.severity().atLeast(settings.retrainAt())) {
            return java.util.Optional.empty();
        }
        long last = lastSubmission(sensorId);
        if (last != Long.MIN_VALUE && nowMillis - last < settings.cooldown().toMillis()) {
            LOG.info("drift on {}: {}; a retraining job was submitted at {}, the next not before {}", sensorId,
                    report.explanation(), Instant.ofEpochMilli(last),
                    Instant.ofEpochMilli(last + settings.cooldown().toMillis()));
            return java.util.Optional.empty();
        }
        String predictor = DetectorSpec.fromJson(version.config()).predictor();
        TrainingOptions defaults = jobs.defaults();
        TrainingOptions options = defaults.withPredictor(predictor).withSeed(defaults.seed(), ACTOR);
        Map<String, Object> jobSettings = new LinkedHashMap<>();
        jobSettings.put("predictor", predictor);
        jobSettings.put("reason", "drift report " + report.id() + ": " + report.severity() + " " + report.type());
        TrainingJob job = jobs.submit(new JobRequest(JobKind.DETECTOR, "sensors", List.of(sensorId), options,
                ForecasterChoice.of("ridge"), TrainingJobRequests.DEFAULT_HORIZON, jobSettings, ACTOR));
        submittedAt.put(sensorId, nowMillis);
        LOG.warn("drift on {}: {}; retraining job {} submitted (next automatic one not before {}), "
                        + "review it at /api/v1/training-jobs/{} and promote or roll back the result", sensorId,
                report.explanation(), job.id(), Instant.ofEpochMilli(nowMillis + settings.cooldown().toMillis()),
                job.id());
        return java.util.Optional.of(job.id());
    }

    /** When the monitor last submitted a job for the sensor, in this process or (as the server lists it) before. */
    private long lastSubmission(String sensorId) {
        long last = submittedAt.getOrDefault(sensorId, Long.MIN_VALUE);
        for (TrainingJob job : jobs.list()) {
            if (ACTOR.equals(job.requestedBy()) && job.sensors().contains(sensorId)) {
                last = Math.max(last, job.createdAt());
            }
        }
        return last;
    }

    /** The series without missing values, cut to its last {@code max} readings. */
    private static TelemetrySeries lastFinite(TelemetrySeries series, int max) {
        long[] ts = new long[series.size()];
        double[] values = new double[series.size()];
        int n = 0;
        for (int i = 0; i < series.size(); i++) {
            if (Double.isFinite(series.values()[i])) {
                ts[n] = series.timestamps()[i];
                values[n++] = series.values()[i];
            }
        }
        int from = Math.max(0, n - max);
        return new TelemetrySeries(series.sensorId(), Arrays.copyOfRange(ts, from, n), Arrays.copyOfRange(values, from, n));
    }

    /** Stops the schedule; a check in progress is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A sensor that cannot be checked yet (too little data), which is normal and not an error. */
    private static final class SkipException extends RuntimeException {
        SkipException(String message) {
            super(message, null, false, false);
        }
    }
}
