package io.prognos.core.eval;

import io.prognos.core.series.IndexRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The "overlapping segment" counting of the Orion benchmark (sintel-dev/Orion 0.7.x,
 * {@code orion.evaluation.contextual} with {@code weighted=False}), so that Prognos detectors can be
 * compared with the numbers Orion publishes.
 *
 * <p>For one signal, with its expected (labelled) and observed (detected) segments:
 * <ul>
 *   <li>each expected segment overlapped by at least one observed segment is one TP (once, however many
 *       observed segments overlap it), otherwise one FN;</li>
 *   <li>each observed segment overlapping at least one expected segment is consumed; every observed
 *       segment overlapping none is one FP.</li>
 * </ul>
 * Unlike {@link TelemanomProtocol}, an observed segment spanning two expected segments credits both.
 *
 * <p><b>Overlap test.</b> Orion tests segments {@code a} and {@code b} with the strict inequality
 * {@code (a.start - b.end) * (a.end - b.start) < 0}, so segments that only touch at an end point, and
 * zero-length ones, do not overlap. Orion works on timestamps and, before counting, pads every segment's
 * end by one unit. Our {@link IndexRange} includes both ends, so we convert honestly: an inclusive range
 * {@code [s, e]} becomes the half-open interval {@code [s, e + 1)} (which is exactly Orion's padding when
 * the unit is one sample), and the strict test is applied to those. Hence {@code [5, 5]} and
 * {@code [5, 9]} overlap, while {@code [1, 4]} and {@code [5, 9]} do not. For valid ranges this makes
 * {@link #overlaps} agree with {@link IndexRange#intersects}; it is written as Orion's test so that the
 * correspondence stays visible (and is checked by the tests).
 *
 * <p><b>Signals, not label rows.</b> Orion scores each signal (channel) once, with all of its labelled
 * segments. Where a label file lists one channel on several rows (SMAP channel P-2 appears twice in
 * {@code labeled_anomalies.csv}), merge those rows into one signal first with
 * {@link #mergeRowsBySignal(List)}; {@link #scoreAll(Collection)} refuses duplicate signal ids so that
 * the mistake cannot pass silently. Totals are the summed counts, and F1 etc. are computed from them
 * (see {@link DetectionCounts}).
 */
public final class OrionOverlapScorer {

    private OrionOverlapScorer() {
    }

    /**
     * One signal to score, or one label row before merging.
     *
     * @param signalId the signal (channel) id, e.g. {@code "P-2"}
     * @param expected labelled segments
     * @param observed detected segments
     */
    public record Signal(String signalId, List<IndexRange> expected, List<IndexRange> observed) {

        /** Validates and defensively copies the lists. */
        public Signal {
            Objects.requireNonNull(signalId, "signalId");
            expected = List.copyOf(expected);
            observed = List.copyOf(observed);
        }
    }

    /**
     * Orion's strict overlap test, applied to the half-open intervals {@code [start, end + 1)} of the two
     * inclusive ranges: true iff {@code (expected.start - observedEnd) * (expectedEnd - observed.start) < 0}
     * with exclusive ends. Symmetric in its arguments.
     */
    public static boolean overlaps(IndexRange expected, IndexRange observed) {
        int first = signOfStartMinusExclusiveEnd(expected.start(), observed.end());
        int second = -signOfStartMinusExclusiveEnd(observed.start(), expected.end());
        return first * second < 0;
    }

    /**
     * Sign of {@code start - (inclusiveEnd + 1)}, computed without overflow (also for
     * {@code inclusiveEnd == Long.MAX_VALUE}).
     */
    private static int signOfStartMinusExclusiveEnd(long start, long inclusiveEnd) {
        if (start <= inclusiveEnd) {
            return -1;
        }
        // start > inclusiveEnd >= 0, so start - 1 cannot overflow
        return start - 1 == inclusiveEnd ? 0 : 1;
    }

    /**
     * Scores one signal.
     *
     * @param expected the signal's labelled segments (all of them; see the class comment)
     * @param observed the segments detected on the signal
     * @return TP and FN over expected segments, FP over observed segments
     */
    public static DetectionCounts score(List<IndexRange> expected, List<IndexRange> observed) {
        List<IndexRange> exp = List.copyOf(expected);
        List<IndexRange> obs = List.copyOf(observed);
        boolean[] consumed = new boolean[obs.size()];
        long tp = 0;
        long fn = 0;
        for (IndexRange e : exp) {
            boolean found = false;
            for (int j = 0; j < obs.size(); j++) {
                if (overlaps(e, obs.get(j))) {
                    found = true;
                    consumed[j] = true;
                }
            }
            if (found) {
                tp++;
            } else {
                fn++;
            }
        }
        long fp = 0;
        for (boolean c : consumed) {
            if (!c) {
                fp++;
            }
        }
        return new DetectionCounts(tp, fp, fn);
    }

    /** Scores one signal; see {@link #score(List, List)}. */
    public static DetectionCounts score(Signal signal) {
        return score(signal.expected(), signal.observed());
    }

    /**
     * Scores each signal and sums the counts. Compute precision, recall and F1 on the returned total.
     *
     * @throws IllegalArgumentException if two signals share an id; merge label rows first with
     *                                  {@link #mergeRowsBySignal(List)}
     */
    public static DetectionCounts scoreAll(Collection<Signal> signals) {
        Objects.requireNonNull(signals, "signals");
        Set<String> seen = new HashSet<>();
        DetectionCounts total = DetectionCounts.ZERO;
        for (Signal s : signals) {
            if (!seen.add(s.signalId())) {
                throw new IllegalArgumentException("signal " + s.signalId()
                        + " appears more than once; Orion scores a signal once with all its labels,"
                        + " merge the rows with mergeRowsBySignal first");
            }
            total = total.plus(score(s));
        }
        return total;
    }

    /**
     * Merges label rows that belong to the same signal into one {@link Signal} each, as Orion expects.
     * Signals keep the order of their first row; a merged signal's expected segments are the rows'
     * segments concatenated in row order, with exact duplicates dropped (the same window listed on two
     * rows is one labelled event). Rows of one signal must carry the same observed segments, since they
     * describe the same detector output on the same channel.
     *
     * @throws IllegalArgumentException if rows of one signal disagree on the observed segments
     */
    public static List<Signal> mergeRowsBySignal(List<Signal> rows) {
        Objects.requireNonNull(rows, "rows");
        Map<String, List<Signal>> byId = new LinkedHashMap<>();
        for (Signal row : rows) {
            byId.computeIfAbsent(row.signalId(), id -> new ArrayList<>()).add(row);
        }
        List<Signal> merged = new ArrayList<>(byId.size());
        for (Map.Entry<String, List<Signal>> entry : byId.entrySet()) {
            List<Signal> group = entry.getValue();
            List<IndexRange> observed = group.get(0).observed();
            List<IndexRange> expected = new ArrayList<>();
            Set<IndexRange> seenExpected = new HashSet<>();
            for (Signal row : group) {
                if (!row.observed().equals(observed)) {
                    throw new IllegalArgumentException("rows of signal " + entry.getKey()
                            + " have different observed segments: " + observed + " vs " + row.observed());
                }
                for (IndexRange e : row.expected()) {
                    if (seenExpected.add(e)) {
                        expected.add(e);
                    }
                }
            }
            merged.add(new Signal(entry.getKey(), expected, observed));
        }
        return List.copyOf(merged);
    }
}
