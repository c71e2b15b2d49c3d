package io.prognos.pipeline;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.Severity;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.transform.Resampler;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a sensor's telemetry over a time range with its Production detector and stores the anomalies
 * found. The readings are resampled exactly as for training (the version's period and gap policy);
 * the window of points before the range is used as context, so the first point in the range can
 * already be judged. With the split gap policy each segment is scored on its own, so no window spans
 * a long gap. Scoring the same range again stores nothing new.
 */
public final class SensorScorer {

    private final PipelineContext context;

    public SensorScorer(PipelineContext context) {
        this.context = context;
    }

    /**
     * What scoring a sensor produced.
     *
     * @param scoredPoints    grid points in the range that were judged
     * @param unscoredPoints  grid points in the range not judged: those of segments too short for one window,
     *                        the first window of a segment that starts in the range (it is only the model's
     *                        input), and the last prediction steps of each segment, whose judgement needs the
     *                        readings after them (a later call whose range reaches back to them judges them,
     *                        unless the segment ended at a gap)
     */
    public record Outcome(String sensorId, ModelVersion version, int scoredPoints, int unscoredPoints,
                          List<StoredAnomaly> anomalies, int newlyStored) {
    }

    /**
     * What one scoring pass found, before anything is stored.
     *
     * @param judgedThroughMillis the newest instant judged (Long.MIN_VALUE when none): the next pass over
     *                            newer readings starts after it
     */
    public record Detection(String sensorId, ModelVersion version, int scoredPoints, int unscoredPoints,
                            List<StoredAnomaly> anomalies, long judgedThroughMillis) {
    }

    /**
     * @param fromMillis first instant to judge (inclusive)
     * @param toMillis   end of the range (exclusive)
     * @throws PipelineException when the sensor has no Production detector or too little data
     */
    public Outcome score(String sensorId, long fromMillis, long toMillis) {
        Detection d = detect(production(sensorId), fromMillis, toMillis, Long.MIN_VALUE, 0, Long.MIN_VALUE);
        if (d.scoredPoints() == 0 && d.unscoredPoints() > 0) {
            throw new PipelineException("sensor " + sensorId + " has only short segments in the range (" + d.unscoredPoints()
                    + " points); its detector needs more than " + DetectorSpec.fromJson(d.version().config()).telemanom()
                    .rowsPerWindow() + " points in a row");
        }
        int stored = new AnomalyRepository(context.db()).save(sensorId, d.version().versionId(), d.anomalies());
        return new Outcome(sensorId, d.version(), d.scoredPoints(), d.unscoredPoints(), d.anomalies(), stored);
    }

    /**
     * Scores newly arrived readings with a detector version (the caller has looked it up) and a bounded
     * look-back, for live scoring: only the {@link #liveContextPoints} readings before {@code fromMillis} are
     * read, so the cost does not grow with the sensor's history. The thresholds then come from that context
     * (Telemanom's error windows also look back a bounded number of batches). Every reading up to the newest is
     * judged (its one-step prediction needs only the readings before it), so a fault is seen as it arrives.
     * Readings are not judged again: a sequence whose core (without Telemanom's error buffer) starts more than
     * one Telemanom batch before {@code fromMillis}, or before {@code judgingStartMillis}, is dropped. Nothing is
     * stored.
     *
     * @param judgingStartMillis the first reading live judging covers: the readings before it (the history the
     *                           model learned from) are context only, never flagged
     */
    public Detection detectRecent(ModelVersion version, long fromMillis, long toMillis, long judgingStartMillis) {
        DetectorSpec spec = DetectorSpec.fromJson(version.config());
        int contextPoints = liveContextPoints(spec);
        long readFrom = fromMillis - Math.multiplyExact((long) contextPoints, spec.periodMillis());
        long earliestCore = Math.max(judgingStartMillis,
                fromMillis - (long) spec.telemanom().batchSize() * spec.periodMillis());
        return detect(version, fromMillis, toMillis, readFrom, contextPoints - spec.telemanom().windowLength(),
                earliestCore);
    }

    /**
     * What the Production detector expected around an interval: per grid point the reading, the model's
     * one-step prediction in the sensor's units, and the half-width of the normal band (the 99th percentile of
     * the absolute prediction error over the look-back before the interval).
     */
    public record Expectation(String sensorId, long[] timestamps, double[] actual, double[] expected,
                              double bandHalfWidth) {
    }

    /**
     * The detector's expectation over {@code [fromMillis, toMillis)} (at most {@code maxPoints} grid points),
     * from the readings of the look-back Telemanom uses before it.
     *
     * @throws PipelineException when there is no Production detector or too few readings before the interval
     */
    public Expectation expectation(String sensorId, long fromMillis, long toMillis, int maxPoints) {
        ModelVersion version = production(sensorId);
        DetectorSpec spec = DetectorSpec.fromJson(version.config());
        long period = spec.periodMillis();
        int window = spec.telemanom().windowLength();
        int lookBack = liveContextPoints(spec);
        long readFrom = fromMillis - Math.multiplyExact((long) lookBack, period);
        long readTo = Math.min(toMillis, fromMillis + (long) maxPoints * period);
        TelemetrySeries all = new TelemetryRepository(context.db()).read(sensorId, readFrom, readTo);
        Resampler.Segment segment = null;
        for (Resampler.Segment s : spec.scoringResampler().resample(all.timestamps(), all.values()).segments()) {
            if (s.startMillis() <= fromMillis && s.timestamp(s.size() - 1) >= fromMillis) {
                segment = s;
            }
        }
        if (segment == null || firstIndexAtOrAfter(segment, fromMillis) < window + 1) {
            throw new PipelineException("sensor " + sensorId + " has too few readings in a row before "
                    + java.time.Instant.ofEpochMilli(fromMillis) + " for its detector's window of " + window);
        }
        double[][] rows = new double[segment.size()][1];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = segment.values()[i];
        }
        PredictorTrainer trainer = Predictors.trainer(spec.predictor(), spec.telemanom());
        double[] predictions;
        try (TrainedPredictor predictor = trainer.restore(context.artifacts().load(version.artifactSha256()))) {
            // through the newest row: an interval that reaches the latest reading gets an expectation there too
            predictions = predictor.predictEveryNext(spec.scaler().apply(rows));
        }
        int first = firstIndexAtOrAfter(segment, fromMillis);
        List<Double> before = new ArrayList<>();
        List<long[]> idx = new ArrayList<>();
        for (int t = 0; t < predictions.length; t++) {
            int row = t + window;
            double expected = spec.scaler().invert(0, predictions[t]);
            double actual = segment.values()[row];
            if (row < first) {
                if (Double.isFinite(actual)) {
                    before.add(Math.abs(actual - expected));
                }
            } else if (segment.timestamp(row) < toMillis && idx.size() < maxPoints) {
                idx.add(new long[]{t, row});
            }
        }
        long[] ts = new long[idx.size()];
        double[] actual = new double[idx.size()];
        double[] expected = new double[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            int t = (int) idx.get(i)[0];
            int row = (int) idx.get(i)[1];
            ts[i] = segment.timestamp(row);
            actual[i] = segment.values()[row];
            expected[i] = spec.scaler().invert(0, predictions[t]);
        }
        double band = Double.NaN;
        if (!before.isEmpty()) {
            double[] sorted = before.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            band = sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
        }
        return new Expectation(sensorId, ts, actual, expected, band);
    }

    /** Grid points a live pass needs before its first judged point: the model window and the error windows. */
    public static int liveContextPoints(DetectorSpec spec) {
        TelemanomConfig t = spec.telemanom();
        return t.windowLength() + t.batchSize() * t.windowSize() + t.predictionSteps();
    }

    private ModelVersion production(String sensorId) {
        return context.registry().production(sensorId, SensorTrainer.KIND)
                .orElseThrow(() -> new PipelineException("sensor " + sensorId + " has no Production detector: train one "
                        + "with 'prognos train " + sensorId + "'"));
    }

    /**
     * @param errorContext points before {@code fromMillis} (beyond the model window) whose prediction errors
     *                     are computed too, so that the thresholds of the first judged points have a full
     *                     history of errors; detections that end before {@code fromMillis} are dropped,
     *                     and with a context (live scoring) also those whose core starts before
     *                     {@code earliestCoreMillis}
     */
    private Detection detect(ModelVersion version, long fromMillis, long toMillis, long readFromMillis, int errorContext,
                             long earliestCoreMillis) {
        String sensorId = version.sensorId();
        DetectorSpec spec = DetectorSpec.fromJson(version.config());
        TelemetrySeries all = new TelemetryRepository(context.db()).read(sensorId, readFromMillis, toMillis);
        Resampler.Result resampled = spec.scoringResampler().resample(all.timestamps(), all.values());
        PredictorTrainer trainer = Predictors.trainer(spec.predictor(), spec.telemanom());
        TelemanomDetector detector = new TelemanomDetector(spec.telemanom(), trainer);
        int window = spec.telemanom().windowLength();
        boolean live = errorContext > 0;
        // offline, the last prediction steps wait for the readings after them (Telemanom's layout); live, every
        // reading is judged as it arrives
        int unjudgedTail = live ? 0 : spec.telemanom().predictionSteps();
        long buffer = (long) spec.telemanom().errorBuffer() * spec.periodMillis();
        List<StoredAnomaly> found = new ArrayList<>();
        int scored = 0;
        int unscored = 0;
        long judgedThrough = Long.MIN_VALUE;
        try (TrainedPredictor predictor = trainer.restore(context.artifacts().load(version.artifactSha256()))) {
            for (Resampler.Segment segment : resampled.segments()) {
                int first = firstIndexAtOrAfter(segment, fromMillis);
                int inRange = segment.size() - first;
                if (inRange <= 0) {
                    continue;
                }
                int from = Math.max(0, first - window - errorContext);
                int n = segment.size() - from;
                if (n < window + 1 + unjudgedTail) {
                    unscored += inRange;
                    continue;
                }
                double[][] rows = new double[n][1];
                for (int i = 0; i < n; i++) {
                    rows[i][0] = segment.values()[from + i];
                }
                double[][] scaled = spec.scaler().apply(rows);
                ErrorAnalysis analysis = live ? detector.detectThroughNewest(predictor, scaled)
                        : detector.detect(predictor, scaled);
                for (AnomalySequence s : analysis.sequences()) {
                    long start = segment.timestamp(from + (int) s.start());
                    long end = segment.timestamp(from + (int) s.end());
                    if (end < fromMillis || (live && start + buffer < earliestCoreMillis)) {
                        // live: a padded sequence whose core starts well before the range re-judges readings that
                        // earlier passes already judged, or the history. Within one Telemanom batch before the
                        // range it is kept: a fault that emerges slowly (a stuck sensor) is flagged from where its
                        // errors began to rise, as Telemanom's batch-by-batch judging would, however few readings
                        // each live pass adds
                        continue;
                    }
                    found.add(new StoredAnomaly(0, sensorId, version.versionId(), start, end, s.score(),
                            Severity.ofTelemanomScore(s.score()).name(), System.currentTimeMillis()));
                }
                // judged rows: from the end of the first window to before the unjudged tail
                int judged = Math.max(0, segment.size() - unjudgedTail - Math.max(first, from + window));
                scored += judged;
                unscored += inRange - judged;
                if (judged > 0) {
                    judgedThrough = Math.max(judgedThrough,
                            segment.timestamp(segment.size() - unjudgedTail - 1));
                }
            }
        }
        return new Detection(sensorId, version, scored, unscored, found, judgedThrough);
    }

    private static int firstIndexAtOrAfter(Resampler.Segment segment, long t) {
        if (t <= segment.startMillis()) {
            return 0;
        }
        long k = Math.floorDiv(t - segment.startMillis() + segment.periodMillis() - 1, segment.periodMillis());
        return (int) Math.min(k, segment.size());
    }
}
