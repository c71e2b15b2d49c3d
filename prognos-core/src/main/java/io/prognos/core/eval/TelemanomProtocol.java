package io.prognos.core.eval;

import io.prognos.core.series.IndexRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The sequence-level evaluation of Hundman et al., "Detecting Spacecraft Anomalies Using LSTMs and
 * Nonparametric Dynamic Thresholding" (KDD 2018), with the exact counting rules of the reference
 * telemanom implementation ({@code Detector.evaluate_sequences} in {@code telemanom/detector.py}), so that
 * numbers produced here can be set beside the published SMAP/MSL results.
 *
 * <p>The protocol scores <em>one row</em> of {@code labeled_anomalies.csv} at a time: the labelled
 * sequences of that row against the sequences the detector predicted on the row's channel. All ranges are
 * closed index ranges (both ends included), as in the reference, which expands {@code [a, b]} to the indices
 * {@code a..b}. The rules are:
 * <ol>
 *   <li>A predicted sequence sharing at least one index with any labelled sequence is a
 *       <em>true-positive sequence</em> (touching at a single index is enough).</li>
 *   <li>Such a predicted sequence credits only the <em>first</em> labelled sequence, in label order, that
 *       it overlaps (the reference uses {@code true_seq_index[0]}). That labelled sequence counts as one
 *       TP the first time it is credited and never again. Consequently a single predicted sequence
 *       spanning two labelled sequences marks only the first as matched; the second stays a false
 *       negative unless another predicted sequence credits it. This is reproduced deliberately, even
 *       though a more generous rule is conceivable, because the published totals were computed this way.</li>
 *   <li>Several predicted sequences inside one labelled sequence give one TP and no FP.</li>
 *   <li>A predicted sequence overlapping no labelled sequence is one FP.</li>
 *   <li>Every labelled sequence never credited is one FN.</li>
 * </ol>
 *
 * <p>Rows are evaluated independently, and totals are the sums of the per-row counts (see
 * {@link #total(Collection)}). In the real SMAP labels channel P-2 appears on two rows with different
 * labelled windows; the published totals (62 TP + 7 FN = 69 labelled sequences for SMAP) count P-2 twice,
 * each row against its own labels and the same channel's predictions. Calling {@link #evaluate} once per
 * row reproduces that without any special handling. (Note that on such a row a prediction that hits the
 * <em>other</em> row's window is an FP.)
 */
public final class TelemanomProtocol {

    private TelemanomProtocol() {
    }

    /**
     * The outcome of evaluating one label row, with the sequences behind each count so that a bench can
     * print or export them. All lists are immutable and keep the order of the inputs.
     *
     * @param counts          TP = number of matched labels, FP = number of false-positive predictions,
     *                        FN = number of missed labels
     * @param truePositives   predicted sequences that overlap at least one labelled sequence, in prediction
     *                        order (there may be more of them than TPs)
     * @param falsePositives  predicted sequences that overlap no labelled sequence, in prediction order
     * @param matchedLabels   labelled sequences credited by some predicted sequence, in label order
     * @param missedLabels    labelled sequences never credited, in label order
     */
    public record Result(
            DetectionCounts counts,
            List<IndexRange> truePositives,
            List<IndexRange> falsePositives,
            List<IndexRange> matchedLabels,
            List<IndexRange> missedLabels) {

        /** Validates and defensively copies the lists. */
        public Result {
            Objects.requireNonNull(counts, "counts");
            truePositives = List.copyOf(truePositives);
            falsePositives = List.copyOf(falsePositives);
            matchedLabels = List.copyOf(matchedLabels);
            missedLabels = List.copyOf(missedLabels);
            if (counts.tp() != matchedLabels.size()
                    || counts.fp() != falsePositives.size()
                    || counts.fn() != missedLabels.size()) {
                throw new IllegalArgumentException("counts " + counts + " disagree with the listed sequences");
            }
        }
    }

    /**
     * Evaluates one label row.
     *
     * @param labelled  the row's labelled anomaly sequences, in the order they appear in the row
     * @param predicted the sequences predicted on the row's channel
     * @return the counts and the sequences behind them
     */
    public static Result evaluate(List<IndexRange> labelled, List<IndexRange> predicted) {
        List<IndexRange> labels = List.copyOf(labelled);
        List<IndexRange> predictions = List.copyOf(predicted);

        // Matching is by label position, not by value, so two identical labelled ranges stay distinct
        // (the second one can never be credited, exactly as with true_seq_index[0] in the reference).
        boolean[] matched = new boolean[labels.size()];
        List<IndexRange> truePositives = new ArrayList<>();
        List<IndexRange> falsePositives = new ArrayList<>();

        for (IndexRange p : predictions) {
            int first = firstOverlappedLabel(labels, p);
            if (first < 0) {
                falsePositives.add(p);
            } else {
                truePositives.add(p);
                matched[first] = true;
            }
        }

        List<IndexRange> matchedLabels = new ArrayList<>();
        List<IndexRange> missedLabels = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (matched[i]) {
                matchedLabels.add(labels.get(i));
            } else {
                missedLabels.add(labels.get(i));
            }
        }
        DetectionCounts counts =
                new DetectionCounts(matchedLabels.size(), falsePositives.size(), missedLabels.size());
        return new Result(counts, truePositives, falsePositives, matchedLabels, missedLabels);
    }

    /** Sums the counts of independently evaluated rows; ratios are then computed on the sum. */
    public static DetectionCounts total(Collection<Result> rows) {
        Objects.requireNonNull(rows, "rows");
        DetectionCounts total = DetectionCounts.ZERO;
        for (Result r : rows) {
            total = total.plus(r.counts());
        }
        return total;
    }

    /** Index of the first label (in label order) sharing an index with {@code p}, or -1. */
    private static int firstOverlappedLabel(List<IndexRange> labels, IndexRange p) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).intersects(p)) {
                return i;
            }
        }
        return -1;
    }
}
