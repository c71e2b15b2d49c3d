package io.prognos.core.detect.telemanom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One window of smoothed errors and the nonparametric dynamic threshold computed on it (Hundman et
 * al., section 3.2), for both the errors and their inverse (errors mirrored about their mean, so that
 * unusually low errors are caught too). Indices here are local to the window.
 *
 * <p>Alternatively the window is given an alarm level per value (from an extreme-value
 * {@link ThresholdMethod}); it then judges the errors against those levels, upper side only, with the
 * same minimum-error rules, pruning and scores.
 */
final class ErrorWindow {

    private final TelemanomConfig config;
    private final double[] errors;
    private final double[] inverse;
    private final double mean;
    private final double sd;
    private final double valueSd;
    private final double interRange;
    /** Given per-value upper levels, or null for the nonparametric thresholds below. */
    private final double[] levels;
    private final double epsilon;
    private final double inverseEpsilon;

    /** Flagged local indices, their sequences and the largest unflagged error, for one direction. */
    record Candidates(BitSet indices, List<int[]> sequences, double nonAnomalousMax) {
        static Candidates none() {
            return new Candidates(new BitSet(), List.of(), Double.NEGATIVE_INFINITY);
        }

        boolean isEmpty() {
            return indices.isEmpty();
        }
    }

    /**
     * @param smoothed the smoothed errors of this window
     * @param targets  the actual values the window's predictions were compared with (all steps ahead)
     */
    ErrorWindow(TelemanomConfig config, double[] smoothed, double[] targets) {
        this(config, smoothed, targets, null);
    }

    /**
     * A window judged against given levels: {@code smoothed[i]} is anomalous at or above {@code levels[i]};
     * the inverse (low-error) side is not judged.
     */
    ErrorWindow(TelemanomConfig config, double[] smoothed, double[] targets, double[] levels) {
        this.config = config;
        this.errors = smoothed;
        this.mean = Stats.mean(smoothed, smoothed.length);
        this.sd = Stats.populationSd(smoothed, smoothed.length, mean);
        this.inverse = new double[smoothed.length];
        for (int i = 0; i < smoothed.length; i++) {
            inverse[i] = mean + (mean - smoothed[i]);
        }
        this.valueSd = Stats.populationSd(targets, targets.length, Stats.mean(targets, targets.length));
        double[] scratch = targets.clone();
        this.interRange = Stats.percentileSelect(scratch, 95) - Stats.percentileSelect(scratch, 5);
        this.levels = levels;
        this.epsilon = levels == null ? searchEpsilon(errors) : Double.NaN;
        this.inverseEpsilon = levels == null ? searchEpsilon(inverse) : Double.NaN;
    }

    /** The threshold value {@code i} of the errors (or of their inverse) is compared with. */
    private double threshold(boolean inverted, int i) {
        if (levels != null) {
            return levels[i];
        }
        return inverted ? inverseEpsilon : epsilon;
    }

    double epsilon() {
        return epsilon;
    }

    double inverseEpsilon() {
        return inverseEpsilon;
    }

    /**
     * The threshold mean + z * sd that best trades removed error mass against the number of flagged
     * values and sequences; mean + zMax * sd when no z qualifies.
     */
    private double searchEpsilon(double[] e) {
        double best = mean + config.zMax() * sd;
        double bestScore = Double.NEGATIVE_INFINITY;
        int steps = (int) Math.ceil((config.zMax() - config.zMin()) / config.zStep());
        BitSet flagged = new BitSet(e.length);
        double[] kept = new double[e.length];
        for (int k = 0; k < steps; k++) {
            double z = config.zMin() + k * config.zStep();
            double eps = mean + sd * z;
            flagged.clear();
            int keptCount = 0;
            for (int i = 0; i < e.length; i++) {
                if (e[i] < eps) {
                    kept[keptCount++] = e[i];
                }
                if (e[i] >= eps) {
                    // the threshold search buffers by errorBuffer - 1, the flagging by errorBuffer (as the reference)
                    flagged.set(Math.max(0, i - (config.errorBuffer() - 1)), Math.min(e.length, i + config.errorBuffer()));
                }
            }
            int count = flagged.cardinality();
            if (count == 0) {
                continue;
            }
            int sequenceCount = Runs.of(flagged).size();
            double keptMean = Stats.mean(kept, keptCount);
            double keptSd = Stats.populationSd(kept, keptCount, keptMean);
            double meanDecrease = (mean - keptMean) / mean;
            double sdDecrease = (sd - keptSd) / sd;
            double score = (meanDecrease + sdDecrease) / ((double) sequenceCount * sequenceCount + count);
            if (score >= bestScore && sequenceCount <= 5 && count < e.length * 0.5) {
                bestScore = score;
                best = eps;
            }
        }
        return best;
    }

    /**
     * Flags values at or above the threshold (and above 5 % of the values' 5-95 percentile range),
     * widens each by errorBuffer on both sides, and keeps only local indices at or after
     * {@code firstJudged}. Returns nothing when the window's errors are too small to matter relative to
     * its values.
     *
     * @param alreadyFlagged global indices flagged by earlier windows
     * @param offset         global index of this window's first value
     */
    Candidates compare(boolean inverted, int firstJudged, BitSet alreadyFlagged, int offset) {
        if (inverted && levels != null) {
            return Candidates.none();
        }
        double[] e = inverted ? inverse : errors;
        double maxError = Stats.max(errors);
        if (!(sd > 0.05 * valueSd || maxError > 0.05 * interRange) || !(maxError > 0.05)) {
            return Candidates.none();
        }
        BitSet flagged = new BitSet(e.length);
        for (int i = 0; i < e.length; i++) {
            if (e[i] >= threshold(inverted, i) && e[i] > 0.05 * interRange) {
                flagged.set(Math.max(0, i - config.errorBuffer()), Math.min(e.length, i + config.errorBuffer() + 1));
            }
        }
        if (flagged.isEmpty()) {
            return Candidates.none();
        }
        flagged.clear(0, Math.min(e.length, Math.max(0, firstJudged)));
        double nonAnomalousMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < e.length; i++) {
            if (!flagged.get(i) && !alreadyFlagged.get(offset + i) && e[i] > nonAnomalousMax) {
                nonAnomalousMax = e[i];
            }
        }
        List<int[]> sequences = new ArrayList<>();
        for (int[] run : Runs.of(flagged)) {
            if (run[1] > run[0]) {
                sequences.add(run);
            }
        }
        return new Candidates(flagged, sequences, nonAnomalousMax);
    }

    /**
     * Pruning (section 3.3): sequence maxima are sorted descending with the largest unflagged error
     * appended; walking down, a sequence whose maximum is not at least {@code p} above the next value
     * is removed unless a later step shows such a drop. Returns the flagged indices that remain inside
     * the surviving sequences (all of them when there was no sequence to prune), as a new set.
     */
    BitSet prune(Candidates candidates, boolean inverted) {
        if (candidates.sequences().isEmpty()) {
            return (BitSet) candidates.indices().clone();
        }
        double[] e = inverted ? inverse : errors;
        List<int[]> sequences = candidates.sequences();
        double[] maxima = new double[sequences.size()];
        for (int s = 0; s < maxima.length; s++) {
            int[] run = sequences.get(s);
            double m = Double.NEGATIVE_INFINITY;
            for (int i = run[0]; i <= run[1]; i++) {
                m = Math.max(m, e[i]);
            }
            maxima[s] = m;
        }
        double[] descending = new double[maxima.length + 1];
        double[] ascending = maxima.clone();
        Arrays.sort(ascending);
        for (int i = 0; i < ascending.length; i++) {
            descending[i] = ascending[ascending.length - 1 - i];
        }
        descending[maxima.length] = candidates.nonAnomalousMax();
        Set<Integer> toRemove = new HashSet<>();
        for (int i = 0; i < descending.length - 1; i++) {
            if ((descending[i] - descending[i + 1]) / descending[i] < config.pruningMinDecrease()) {
                for (int s = 0; s < maxima.length; s++) {
                    if (maxima[s] == descending[i]) {
                        toRemove.add(s);
                    }
                }
            } else {
                toRemove.clear();
            }
        }
        BitSet keep = new BitSet(e.length);
        for (int s = 0; s < sequences.size(); s++) {
            if (!toRemove.contains(s)) {
                keep.set(sequences.get(s)[0], sequences.get(s)[1] + 1);
            }
        }
        keep.and(candidates.indices());
        return keep;
    }

    /**
     * Score of a flagged run: the largest distance past either threshold (the upper one only with given
     * levels), over (mean + sd) of the errors.
     */
    double score(int from, int to) {
        double scale = mean + sd;
        double best = 0;
        for (int i = from; i <= to; i++) {
            best = Math.max(best, Math.abs(errors[i] - threshold(false, i)) / scale);
            if (levels == null) {
                best = Math.max(best, Math.abs(inverse[i] - inverseEpsilon) / scale);
            }
        }
        return Double.isFinite(best) ? best : 0;
    }
}
