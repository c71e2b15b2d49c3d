package io.prognos.core.eval.kpi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The receiver operating characteristic of an anomaly score against ground-truth labels, and its area
 * (ROC AUC): how well the score ranks anomalies above normal events, independent of any threshold. It lets
 * the monitoring compare a model's realised ranking quality with its validation AUC.
 *
 * <p>{@link #points()} holds one point per distinct score, from the strictest threshold to the loosest:
 * it starts at {@code (0, 0)} with threshold {@code +Infinity} and, for every distinct score {@code s} in
 * descending order, adds the point reached by flagging all events with {@code score >= s}; the last point
 * is {@code (1, 1)}. Events with tied scores enter in one step, so the curve runs diagonally across a tie.
 * {@link #auc()} is the trapezoid area under these points, which equals the Mann-Whitney probability
 * that a random anomaly scores higher than a random normal event, with ties counted 1/2 (the value
 * scikit-learn's {@code roc_auc_score} gives). Unlike scikit-learn's {@code roc_curve}, collinear
 * intermediate points are kept.
 *
 * <p>Both classes must be present: a ROC curve needs at least one positive and one negative. Scores must
 * be finite. Construction sorts the scores once, {@code O(n log n)}; the curve is immutable.
 */
public final class RocCurve {

    /** Scores of the positive (anomalous) events, ascending. */
    private final double[] positiveScores;
    /** Scores of the negative (normal) events, ascending. */
    private final double[] negativeScores;
    private final List<RocPoint> points;
    private final double auc;

    private RocCurve(double[] positiveScores, double[] negativeScores) {
        this.positiveScores = positiveScores;
        this.negativeScores = negativeScores;
        List<RocPoint> pts = new ArrayList<>();
        double p = positiveScores.length;
        double n = negativeScores.length;
        pts.add(new RocPoint(Double.POSITIVE_INFINITY, 0.0, 0.0));
        int i = positiveScores.length - 1;
        int j = negativeScores.length - 1;
        long tp = 0;
        long fp = 0;
        double twiceArea = 0; // sum of (fp step) * (tp before + tp after), in counts
        while (i >= 0 || j >= 0) {
            double threshold = Math.max(i >= 0 ? positiveScores[i] : Double.NEGATIVE_INFINITY,
                    j >= 0 ? negativeScores[j] : Double.NEGATIVE_INFINITY);
            long tpBefore = tp;
            long fpBefore = fp;
            while (i >= 0 && positiveScores[i] >= threshold) {
                tp++;
                i--;
            }
            while (j >= 0 && negativeScores[j] >= threshold) {
                fp++;
                j--;
            }
            twiceArea += (double) (fp - fpBefore) * (double) (tp + tpBefore);
            pts.add(new RocPoint(threshold, fp / n, tp / p));
        }
        this.points = List.copyOf(pts);
        this.auc = twiceArea / (2.0 * p * n);
    }

    /**
     * The ROC curve of {@code scores} against {@code anomaly} labels (same length, index by index).
     *
     * @throws IllegalArgumentException if the lengths differ, a score is not finite, or there is no
     *                                  positive or no negative label (the message says how many of each)
     */
    public static RocCurve of(double[] scores, boolean[] anomaly) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(anomaly, "anomaly");
        if (scores.length != anomaly.length) {
            throw new IllegalArgumentException("scores and labels must have the same length, were "
                    + scores.length + " scores and " + anomaly.length + " labels");
        }
        int positives = 0;
        for (int k = 0; k < scores.length; k++) {
            if (!Double.isFinite(scores[k])) {
                throw new IllegalArgumentException(
                        "ROC scores must be finite, score at index " + k + " was " + scores[k]);
            }
            if (anomaly[k]) {
                positives++;
            }
        }
        int negatives = scores.length - positives;
        requireBothClasses(positives, negatives);
        double[] pos = new double[positives];
        double[] neg = new double[negatives];
        int pi = 0;
        int ni = 0;
        for (int k = 0; k < scores.length; k++) {
            double s = scores[k] == 0.0 ? 0.0 : scores[k]; // fold -0.0 into 0.0, one tie group
            if (anomaly[k]) {
                pos[pi++] = s;
            } else {
                neg[ni++] = s;
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        return new RocCurve(pos, neg);
    }

    /**
     * The ROC curve of scored, labelled events.
     *
     * @throws IllegalArgumentException as {@link #of(double[], boolean[])}
     */
    public static RocCurve of(Collection<ScoredLabel> events) {
        Objects.requireNonNull(events, "events");
        double[] scores = new double[events.size()];
        boolean[] labels = new boolean[events.size()];
        int k = 0;
        for (ScoredLabel e : events) {
            Objects.requireNonNull(e, "event");
            scores[k] = e.score();
            labels[k] = e.anomaly();
            k++;
        }
        return of(scores, labels);
    }

    static void requireBothClasses(long positives, long negatives) {
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs at least one anomalous and one normal event, got "
                    + positives + " anomalous (positive) and " + negatives + " normal (negative)");
        }
    }

    /** The curve's points, threshold descending, from {@code (0, 0)} to {@code (1, 1)}; unmodifiable. */
    public List<RocPoint> points() {
        return points;
    }

    /** Area under the curve by the trapezoid rule, in {@code [0, 1]}; 0.5 is a random ranking. */
    public double auc() {
        return auc;
    }

    /** Number of anomalous (positive) events. */
    public long positives() {
        return positiveScores.length;
    }

    /** Number of normal (negative) events. */
    public long negatives() {
        return negativeScores.length;
    }

    /**
     * The confusion matrix when every event with {@code score >= threshold} is flagged. Infinite
     * thresholds are allowed ({@code +Infinity} flags nothing, {@code -Infinity} everything).
     *
     * @throws IllegalArgumentException if {@code threshold} is NaN
     */
    public ConfusionMatrix confusionAt(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        long tp = countAtLeast(positiveScores, threshold);
        long fp = countAtLeast(negativeScores, threshold);
        return new ConfusionMatrix(tp, fp, positiveScores.length - tp, negativeScores.length - fp);
    }

    /** Number of elements {@code >= threshold} in an ascending array. */
    private static long countAtLeast(double[] ascending, double threshold) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < threshold) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return ascending.length - lo;
    }

    @Override
    public String toString() {
        return "RocCurve[positives=" + positives() + ", negatives=" + negatives() + ", points=" + points.size()
                + ", auc=" + auc + "]";
    }
}
