package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.series.IndexRange;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Telemanom's unsupervised error processing: from one-step predictions of a telemetry series to
 * scored anomalous sequences, without labels.
 *
 * <ol>
 *   <li>absolute prediction errors, smoothed by an EWMA (span = batchSize x windowSize x smoothingPercent);
 *       the first windowLength smoothed values are replaced by the mean of the first 2 x windowLength,
 *       since the average has too little history there;</li>
 *   <li>the errors are walked in batches of batchSize with a trailing window of windowSize batches, as if
 *       data arrived in downlinks; each window picks its own nonparametric threshold (z in
 *       [zMin, zMax) standard deviations) for the errors and for their mirror image; or, with an
 *       extreme-value {@link TelemanomConfig#threshold() threshold} (SPOT, DSPOT, GEV), compares the errors
 *       with the levels {@link ExtremeValueLevels} calibrated on the start of the series (upper side only);</li>
 *   <li>values past the threshold are widened by errorBuffer, grouped into sequences and pruned: a
 *       sequence whose peak is not p above the next smaller peak (or the largest normal error) is
 *       dropped;</li>
 *   <li>sequences are scored by their largest distance past the threshold.</li>
 * </ol>
 *
 * <p>Which values each window may flag is {@link TelemanomConfig#batchScope()}; the default judges
 * every value exactly once. The first 2 x windowLength values (windowLength for short series, none
 * for series under 1,800 values) are never flagged, as in the reference.
 */
public final class TelemanomErrorProcessor {

    private final TelemanomConfig config;

    public TelemanomErrorProcessor(TelemanomConfig config) {
        this.config = config;
    }

    /**
     * @param telemetry   the whole series of the predicted column
     * @param predictions {@code predictions[t]} is the one-step prediction of {@code telemetry[t + windowLength]};
     *                    exactly {@code telemetry.length - windowLength - predictionSteps} of them
     */
    public ErrorAnalysis analyse(double[] telemetry, double[] predictions) {
        return analyse(telemetry, predictions, config.predictionSteps());
    }

    /**
     * As {@link #analyse}, but judging every value that has a full window before it, up to the newest, as
     * live scoring needs: the newest reading is judged when it arrives rather than
     * {@code predictionSteps} readings later (its one-step prediction only needs the readings before it).
     * The spread of a window's targets, which pruning and the minimum-error rule use, is then taken over the
     * targets that exist.
     *
     * @param predictions {@code predictions[t]} is the one-step prediction of {@code telemetry[t + windowLength]};
     *                    exactly {@code telemetry.length - windowLength} of them
     */
    public ErrorAnalysis analyseThroughNewest(double[] telemetry, double[] predictions) {
        return analyse(telemetry, predictions, 0);
    }

    private ErrorAnalysis analyse(double[] telemetry, double[] predictions, int unjudgedTail) {
        int offset = config.windowLength();
        int count = telemetry.length - config.windowLength() - unjudgedTail;
        if (count < 1) {
            throw new IllegalArgumentException("series of " + telemetry.length + " values is too short: it needs more than "
                    + config.rowsPerWindow() + " (window length + prediction steps)");
        }
        if (predictions.length != count) {
            throw new IllegalArgumentException("expected " + count + " predictions for a series of " + telemetry.length
                    + " values, got " + predictions.length);
        }
        double[] errors = new double[count];
        for (int t = 0; t < count; t++) {
            errors[t] = Math.abs(predictions[t] - telemetry[t + offset]);
            if (!Double.isFinite(errors[t])) {
                throw new IllegalArgumentException("prediction error at series index " + (t + offset)
                        + " is not finite (prediction " + predictions[t] + ", value " + telemetry[t + offset] + ")");
            }
        }
        double[] smoothed = smooth(errors);
        ThresholdSettings threshold = config.threshold();
        double[] levels = threshold.method() == ThresholdMethod.TELEMANOM ? null
                : ExtremeValueLevels.of(threshold, smoothed, config.windowLength());

        int batch = config.batchSize();
        int history = config.windowSize();
        int windowCount = (int) ((double) (count - batch * history) / batch);
        while (windowCount < 0 && history > 1) {
            history--;
            windowCount = (int) ((double) (count - batch * history) / batch);
        }
        int warmUp = count >= 2500 ? 2 * config.windowLength() : count >= 1800 ? config.windowLength() : 0;

        BitSet flagged = new BitSet(count);
        List<AnomalySequence> windowSequences = new ArrayList<>();
        int judgedUpTo = 0;
        for (int w = 0; w <= windowCount; w++) {
            int from = w * batch;
            int to = w == windowCount ? count : Math.min(count, from + batch * history);
            int firstJudged = firstJudgedIndex(w, from, to, judgedUpTo, warmUp);
            judgedUpTo = Math.max(judgedUpTo, to);

            ErrorWindow window = levels == null
                    ? new ErrorWindow(config, slice(smoothed, from, to), targets(telemetry, from, to))
                    : new ErrorWindow(config, slice(smoothed, from, to), targets(telemetry, from, to), slice(levels, from, to));
            ErrorWindow.Candidates high = window.compare(false, firstJudged, flagged, from);
            ErrorWindow.Candidates low = window.compare(true, firstJudged, flagged, from);
            if (high.isEmpty() && low.isEmpty()) {
                continue;
            }
            BitSet kept = window.prune(high, false);
            kept.or(window.prune(low, true));
            for (int[] run : Runs.of(kept)) {
                windowSequences.add(new AnomalySequence(new IndexRange(run[0] + from, run[1] + from),
                        window.score(run[0], run[1])));
                flagged.set(run[0] + from, run[1] + from + 1);
            }
        }
        return new ErrorAnalysis(offset, predictions, errors, smoothed, group(flagged, windowSequences, offset), windowCount + 1);
    }

    private int firstJudgedIndex(int window, int from, int to, int judgedUpTo, int warmUp) {
        if (window == 0) {
            return warmUp;
        }
        return switch (config.batchScope()) {
            case UNJUDGED_VALUES -> judgedUpTo - from;
            case REFERENCE_LAST_BATCH -> (to - from) - config.batchSize();
            case WHOLE_WINDOW -> warmUp - from;
        };
    }

    /** EWMA-smoothed errors with the warm-up replaced by the mean of the first 2 x windowLength values. */
    double[] smooth(double[] errors) {
        double[] smoothed = Stats.ewma(errors, config.smoothingSpan());
        int warm = Math.min(config.windowLength(), smoothed.length);
        double warmMean = Stats.mean(smoothed, Math.min(2 * config.windowLength(), smoothed.length));
        for (int i = 0; i < warm; i++) {
            smoothed[i] = warmMean;
        }
        return smoothed;
    }

    /** Consecutive flagged values of length two or more become sequences, shifted to series indices. */
    private static List<AnomalySequence> group(BitSet flagged, List<AnomalySequence> windowSequences, int offset) {
        List<AnomalySequence> sequences = new ArrayList<>();
        for (int[] run : Runs.of(flagged)) {
            if (run[1] == run[0]) {
                continue;
            }
            IndexRange range = new IndexRange(run[0], run[1]);
            double score = 0;
            for (AnomalySequence part : windowSequences) {
                if (part.range().intersects(range)) {
                    score = Math.max(score, part.score());
                }
            }
            sequences.add(new AnomalySequence(new IndexRange(run[0] + offset, run[1] + offset), score));
        }
        return sequences;
    }

    private static double[] slice(double[] values, int from, int to) {
        double[] out = new double[to - from];
        System.arraycopy(values, from, out, 0, out.length);
        return out;
    }

    /**
     * Every value the predictions of error indices [from, to) were trained to reach, all steps ahead (those
     * that exist: the newest values have fewer steps after them when judged through the newest).
     */
    private double[] targets(double[] telemetry, int from, int to) {
        int steps = config.predictionSteps();
        double[] out = new double[(to - from) * steps];
        int k = 0;
        for (int t = from; t < to; t++) {
            for (int s = 0; s < steps && t + config.windowLength() + s < telemetry.length; s++) {
                out[k++] = telemetry[t + config.windowLength() + s];
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }
}
