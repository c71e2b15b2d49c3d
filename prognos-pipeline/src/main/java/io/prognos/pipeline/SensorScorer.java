package io.prognos.pipeline;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.Severity;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
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
     * @param fromMillis first instant to judge (inclusive)
     * @param toMillis   end of the range (exclusive)
     * @throws PipelineException when the sensor has no Production detector or too little data
     */
    public Outcome score(String sensorId, long fromMillis, long toMillis) {
        ModelVersion version = context.registry().production(sensorId, SensorTrainer.KIND)
                .orElseThrow(() -> new PipelineException("sensor " + sensorId + " has no Production detector: train one "
                        + "with 'prognos train " + sensorId + "'"));
        DetectorSpec spec = DetectorSpec.fromJson(version.config());
        TelemetrySeries all = new TelemetryRepository(context.db()).read(sensorId, Long.MIN_VALUE, toMillis);
        Resampler.Result resampled = spec.scoringResampler().resample(all.timestamps(), all.values());
        PredictorTrainer trainer = Predictors.trainer(spec.predictor(), spec.telemanom());
        TelemanomDetector detector = new TelemanomDetector(spec.telemanom(), trainer);
        int window = spec.telemanom().windowLength();
        List<StoredAnomaly> found = new ArrayList<>();
        int scored = 0;
        int unscored = 0;
        try (TrainedPredictor predictor = trainer.restore(context.artifacts().load(version.artifactSha256()))) {
            for (Resampler.Segment segment : resampled.segments()) {
                int first = firstIndexAtOrAfter(segment, fromMillis);
                int inRange = segment.size() - first;
                if (inRange <= 0) {
                    continue;
                }
                int from = Math.max(0, first - window);
                int n = segment.size() - from;
                if (n < spec.telemanom().rowsPerWindow() + 1) {
                    unscored += inRange;
                    continue;
                }
                double[][] rows = new double[n][1];
                for (int i = 0; i < n; i++) {
                    rows[i][0] = segment.values()[from + i];
                }
                ErrorAnalysis analysis = detector.detect(predictor, spec.scaler().apply(rows));
                for (AnomalySequence s : analysis.sequences()) {
                    long start = segment.timestamp(from + (int) s.start());
                    long end = segment.timestamp(from + (int) s.end());
                    if (end < fromMillis) {
                        continue;
                    }
                    found.add(new StoredAnomaly(0, sensorId, version.versionId(), start, end, s.score(),
                            Severity.ofTelemanomScore(s.score()).name(), System.currentTimeMillis()));
                }
                // judged rows: from the end of the first window to before the last prediction steps
                int judged = Math.max(0, segment.size() - spec.telemanom().predictionSteps()
                        - Math.max(first, from + window));
                scored += judged;
                unscored += inRange - judged;
            }
        }
        if (scored == 0 && unscored > 0) {
            throw new PipelineException("sensor " + sensorId + " has only short segments in the range (" + unscored
                    + " points); its detector needs more than " + spec.telemanom().rowsPerWindow() + " points in a row");
        }
        int stored = new AnomalyRepository(context.db()).save(sensorId, version.versionId(), found);
        return new Outcome(sensorId, version, scored, unscored, found, stored);
    }

    private static int firstIndexAtOrAfter(Resampler.Segment segment, long t) {
        if (t <= segment.startMillis()) {
            return 0;
        }
        long k = Math.floorDiv(t - segment.startMillis() + segment.periodMillis() - 1, segment.periodMillis());
        return (int) Math.min(k, segment.size());
    }
}
