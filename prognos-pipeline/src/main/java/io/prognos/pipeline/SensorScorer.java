package io.prognos.pipeline;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.Severity;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.transform.GapFiller;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a sensor's telemetry over a time range with its Production detector and stores the anomalies
 * found. The window of readings before the range is used as context, so the first reading in the
 * range can already be judged. Scoring the same range again stores nothing new.
 */
public final class SensorScorer {

    private final PipelineContext context;

    public SensorScorer(PipelineContext context) {
        this.context = context;
    }

    /** What scoring a sensor produced. */
    public record Outcome(String sensorId, ModelVersion version, int scoredPoints, List<StoredAnomaly> anomalies,
                          int newlyStored) {
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
        int first = firstIndexAtOrAfter(all.timestamps(), fromMillis);
        int window = spec.telemanom().windowLength();
        int from = Math.max(0, first - window);
        int n = all.size() - from;
        if (n < spec.telemanom().rowsPerWindow() + 1) {
            throw new PipelineException("sensor " + sensorId + " has " + n + " readings up to the end of the range; "
                    + "its detector needs more than " + spec.telemanom().rowsPerWindow());
        }
        double[] values = java.util.Arrays.copyOfRange(all.values(), from, all.size());
        GapFiller.Filled filled = new GapFiller(spec.gapFillMaxRun()).fill(values);
        if (filled.stillMissing() > 0) {
            throw new PipelineException("sensor " + sensorId + " has " + filled.stillMissing() + " missing readings in "
                    + "gaps longer than " + spec.gapFillMaxRun() + " in the scored range");
        }
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = filled.values()[i];
        }
        double[][] scaled = spec.scaler().apply(rows);
        PredictorTrainer trainer = Predictors.trainer(spec.predictor(), spec.telemanom());
        TelemanomDetector detector = new TelemanomDetector(spec.telemanom(), trainer);
        List<StoredAnomaly> found = new ArrayList<>();
        try (TrainedPredictor predictor = trainer.restore(context.artifacts().load(version.artifactSha256()))) {
            ErrorAnalysis analysis = detector.detect(predictor, scaled);
            long[] ts = all.timestamps();
            for (AnomalySequence s : analysis.sequences()) {
                long start = ts[from + (int) s.start()];
                long end = ts[from + (int) s.end()];
                if (end < fromMillis) {
                    continue;
                }
                found.add(new StoredAnomaly(0, sensorId, version.versionId(), start, end, s.score(),
                        Severity.ofTelemanomScore(s.score()).name(), System.currentTimeMillis()));
            }
        }
        int stored = new AnomalyRepository(context.db()).save(sensorId, version.versionId(), found);
        return new Outcome(sensorId, version, all.size() - first, found, stored);
    }

    private static int firstIndexAtOrAfter(long[] sorted, long t) {
        int idx = java.util.Arrays.binarySearch(sorted, t);
        return idx >= 0 ? idx : -idx - 1;
    }
}
