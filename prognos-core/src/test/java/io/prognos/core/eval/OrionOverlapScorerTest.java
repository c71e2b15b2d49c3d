package io.prognos.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prognos.core.eval.OrionOverlapScorer.Signal;
import io.prognos.core.series.IndexRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrionOverlapScorerTest {

    private static IndexRange r(long start, long end) {
        return new IndexRange(start, end);
    }

    @Test
    void strictOverlapOnHalfOpenIntervals() {
        // [1,4] -> [1,5) and [5,9] -> [5,10): touching, not overlapping
        assertThat(OrionOverlapScorer.overlaps(r(1, 4), r(5, 9))).isFalse();
        assertThat(OrionOverlapScorer.overlaps(r(5, 9), r(1, 4))).isFalse();
        // [5,5] -> [5,6) lies inside [5,10)
        assertThat(OrionOverlapScorer.overlaps(r(5, 5), r(5, 9))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(5, 9), r(5, 5))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(9, 9), r(5, 9))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(10, 10), r(5, 9))).isFalse();
        // sharing the inclusive end index 5 is a real overlap: [1,6) and [5,10)
        assertThat(OrionOverlapScorer.overlaps(r(1, 5), r(5, 9))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(0, 0), r(0, 0))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(0, 100), r(40, 41))).isTrue();
    }

    @Test
    void overlapAgreesWithInclusiveIntersectionOnAllSmallRanges() {
        for (long a = 0; a < 7; a++) {
            for (long b = a; b < 7; b++) {
                for (long c = 0; c < 7; c++) {
                    for (long d = c; d < 7; d++) {
                        IndexRange x = r(a, b);
                        IndexRange y = r(c, d);
                        assertThat(OrionOverlapScorer.overlaps(x, y))
                                .as("%s vs %s", x, y)
                                .isEqualTo(x.intersects(y))
                                .isEqualTo(OrionOverlapScorer.overlaps(y, x));
                    }
                }
            }
        }
    }

    @Test
    void overlapDoesNotOverflowAtLongMax() {
        IndexRange huge = r(0, Long.MAX_VALUE);
        assertThat(OrionOverlapScorer.overlaps(huge, r(Long.MAX_VALUE, Long.MAX_VALUE))).isTrue();
        assertThat(OrionOverlapScorer.overlaps(r(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1),
                r(Long.MAX_VALUE, Long.MAX_VALUE))).isFalse();
        assertThat(OrionOverlapScorer.overlaps(r(Long.MAX_VALUE, Long.MAX_VALUE), huge)).isTrue();
    }

    @Test
    void adjacentSegmentsDoNotCount() {
        assertThat(OrionOverlapScorer.score(List.of(r(5, 9)), List.of(r(1, 4), r(10, 12))))
                .isEqualTo(new DetectionCounts(0, 2, 1));
    }

    @Test
    void exactAndPartialMatch() {
        assertThat(OrionOverlapScorer.score(List.of(r(10, 20)), List.of(r(10, 20))))
                .isEqualTo(new DetectionCounts(1, 0, 0));
        assertThat(OrionOverlapScorer.score(List.of(r(10, 20)), List.of(r(18, 30))))
                .isEqualTo(new DetectionCounts(1, 0, 0));
    }

    @Test
    void oneObservedSpanningTwoExpectedCreditsBoth() {
        assertThat(OrionOverlapScorer.score(List.of(r(10, 20), r(30, 40)), List.of(r(15, 35))))
                .isEqualTo(new DetectionCounts(2, 0, 0));
    }

    @Test
    void twoObservedInOneExpectedAreOneTruePositive() {
        assertThat(OrionOverlapScorer.score(List.of(r(10, 20)), List.of(r(11, 12), r(15, 18))))
                .isEqualTo(new DetectionCounts(1, 0, 0));
    }

    @Test
    void emptySides() {
        assertThat(OrionOverlapScorer.score(List.of(r(1, 2), r(4, 5)), List.of()))
                .isEqualTo(new DetectionCounts(0, 0, 2));
        assertThat(OrionOverlapScorer.score(List.of(), List.of(r(1, 2), r(4, 5), r(4, 5))))
                .isEqualTo(new DetectionCounts(0, 3, 0));
        assertThat(OrionOverlapScorer.score(List.of(), List.of())).isEqualTo(DetectionCounts.ZERO);
    }

    @Test
    void mixedSignal() {
        DetectionCounts c = OrionOverlapScorer.score(
                List.of(r(100, 150), r(300, 320), r(500, 510)),
                List.of(r(0, 5), r(140, 160), r(151, 155), r(321, 330), r(510, 600)));
        // [151,155] overlaps nothing (label ends at 150), [321,330] touches nothing either
        assertThat(c).isEqualTo(new DetectionCounts(2, 3, 1));
    }

    @Test
    void scoreAllSumsCountsAndF1ComesFromTheSum() {
        Signal a = new Signal("A-1", List.of(r(10, 20)), List.of(r(12, 14)));
        Signal b = new Signal("B-1", List.of(r(10, 20), r(40, 50)), List.of(r(0, 1), r(2, 3), r(45, 45)));
        DetectionCounts total = OrionOverlapScorer.scoreAll(List.of(a, b));
        assertThat(OrionOverlapScorer.score(a)).isEqualTo(new DetectionCounts(1, 0, 0));
        assertThat(OrionOverlapScorer.score(b)).isEqualTo(new DetectionCounts(1, 2, 1));
        assertThat(total).isEqualTo(new DetectionCounts(2, 2, 1));
        // P = 2/4, R = 2/3, F1 = 2·2/(2·2 + 2 + 1) = 4/7
        assertThat(total.f1()).isCloseTo(4.0 / 7.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void scoreAllRefusesUnmergedDuplicateSignals() {
        Signal row1 = new Signal("P-2", List.of(r(10, 20)), List.of());
        Signal row2 = new Signal("P-2", List.of(r(30, 40)), List.of());
        assertThatThrownBy(() -> OrionOverlapScorer.scoreAll(List.of(row1, row2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("P-2");
    }

    @Test
    void mergeRowsBySignalCombinesDuplicateChannelRows() {
        List<IndexRange> p2Predictions = List.of(r(100, 120), r(800, 820), r(2000, 2005));
        List<Signal> rows = List.of(
                new Signal("P-1", List.of(r(5, 9)), List.of()),
                new Signal("P-2", List.of(r(90, 130)), p2Predictions),
                new Signal("A-7", List.of(r(1, 1)), List.of(r(1, 1))),
                new Signal("P-2", List.of(r(790, 900), r(90, 130)), p2Predictions));

        List<Signal> merged = OrionOverlapScorer.mergeRowsBySignal(rows);

        assertThat(merged).extracting(Signal::signalId).containsExactly("P-1", "P-2", "A-7");
        Signal p2 = merged.get(1);
        // row order kept, the window listed on both rows kept once
        assertThat(p2.expected()).containsExactly(r(90, 130), r(790, 900));
        assertThat(p2.observed()).isEqualTo(p2Predictions);
        assertThat(OrionOverlapScorer.score(p2)).isEqualTo(new DetectionCounts(2, 1, 0));
        assertThat(OrionOverlapScorer.scoreAll(merged)).isEqualTo(new DetectionCounts(3, 1, 1));
    }

    @Test
    void mergeRejectsRowsOfOneSignalWithDifferentDetections() {
        List<Signal> rows = List.of(
                new Signal("P-2", List.of(r(10, 20)), List.of(r(1, 2))),
                new Signal("P-2", List.of(r(30, 40)), List.of(r(3, 4))));
        assertThatThrownBy(() -> OrionOverlapScorer.mergeRowsBySignal(rows))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeOfDistinctSignalsIsIdentity() {
        List<Signal> rows = List.of(
                new Signal("A", List.of(r(1, 2)), List.of(r(2, 3))),
                new Signal("B", List.of(), List.of(r(5, 6))));
        assertThat(OrionOverlapScorer.mergeRowsBySignal(rows)).isEqualTo(rows);
    }
}
