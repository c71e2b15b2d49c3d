package io.prognos.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.prognos.core.series.IndexRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemanomProtocolTest {

    private static IndexRange r(long start, long end) {
        return new IndexRange(start, end);
    }

    private static TelemanomProtocol.Result eval(List<IndexRange> labelled, List<IndexRange> predicted) {
        return TelemanomProtocol.evaluate(labelled, predicted);
    }

    @Test
    void exactMatchIsOneTruePositive() {
        var res = eval(List.of(r(10, 20)), List.of(r(10, 20)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 0));
        assertThat(res.truePositives()).containsExactly(r(10, 20));
        assertThat(res.matchedLabels()).containsExactly(r(10, 20));
        assertThat(res.falsePositives()).isEmpty();
        assertThat(res.missedLabels()).isEmpty();
    }

    @Test
    void partialOverlapIsATruePositive() {
        var res = eval(List.of(r(10, 20)), List.of(r(15, 30)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 0));
    }

    @Test
    void touchingAtOneInclusiveIndexOverlaps() {
        assertThat(eval(List.of(r(10, 20)), List.of(r(20, 25))).counts())
                .isEqualTo(new DetectionCounts(1, 0, 0));
        assertThat(eval(List.of(r(10, 20)), List.of(r(5, 10))).counts())
                .isEqualTo(new DetectionCounts(1, 0, 0));
        // one index further away does not
        var miss = eval(List.of(r(10, 20)), List.of(r(21, 25)));
        assertThat(miss.counts()).isEqualTo(new DetectionCounts(0, 1, 1));
        assertThat(miss.falsePositives()).containsExactly(r(21, 25));
        assertThat(miss.missedLabels()).containsExactly(r(10, 20));
    }

    @Test
    void onePredictionSpanningTwoLabelsMatchesOnlyTheFirst() {
        var res = eval(List.of(r(10, 20), r(30, 40)), List.of(r(15, 35)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 1));
        assertThat(res.matchedLabels()).containsExactly(r(10, 20));
        assertThat(res.missedLabels()).containsExactly(r(30, 40));
        assertThat(res.truePositives()).containsExactly(r(15, 35));
    }

    @Test
    void firstMeansFirstInLabelOrderNotInTime() {
        var res = eval(List.of(r(30, 40), r(10, 20)), List.of(r(15, 35)));
        assertThat(res.matchedLabels()).containsExactly(r(30, 40));
        assertThat(res.missedLabels()).containsExactly(r(10, 20));
    }

    @Test
    void spanningPredictionWhoseFirstLabelIsAlreadyMatchedCreditsNothingNew() {
        // [12,14] matches label 0; [15,35] also hits label 0 first, so label 1 stays missed
        var res = eval(List.of(r(10, 20), r(30, 40)), List.of(r(12, 14), r(15, 35)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 1));
        assertThat(res.truePositives()).containsExactly(r(12, 14), r(15, 35));
        // a separate prediction on the second label does credit it
        var res2 = eval(List.of(r(10, 20), r(30, 40)), List.of(r(15, 35), r(38, 39)));
        assertThat(res2.counts()).isEqualTo(new DetectionCounts(2, 0, 0));
    }

    @Test
    void twoPredictionsInOneLabelAreOneTruePositiveAndNoFalsePositive() {
        var res = eval(List.of(r(10, 20)), List.of(r(11, 12), r(15, 18)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 0));
        assertThat(res.truePositives()).containsExactly(r(11, 12), r(15, 18));
        assertThat(res.falsePositives()).isEmpty();
    }

    @Test
    void noPredictionsMissesEveryLabel() {
        var res = eval(List.of(r(1, 2), r(5, 9), r(20, 30)), List.of());
        assertThat(res.counts()).isEqualTo(new DetectionCounts(0, 0, 3));
        assertThat(res.missedLabels()).containsExactly(r(1, 2), r(5, 9), r(20, 30));
    }

    @Test
    void predictionsWithoutLabelsAreAllFalsePositives() {
        var res = eval(List.of(), List.of(r(1, 2), r(5, 9)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(0, 2, 0));
        assertThat(res.falsePositives()).containsExactly(r(1, 2), r(5, 9));
    }

    @Test
    void nothingAtAllIsZero() {
        assertThat(eval(List.of(), List.of()).counts()).isEqualTo(DetectionCounts.ZERO);
    }

    @Test
    void mixedRow() {
        var res = eval(
                List.of(r(100, 150), r(300, 320), r(500, 510)),
                List.of(r(0, 5), r(140, 160), r(145, 146), r(400, 410), r(505, 505)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(2, 2, 1));
        assertThat(res.truePositives()).containsExactly(r(140, 160), r(145, 146), r(505, 505));
        assertThat(res.falsePositives()).containsExactly(r(0, 5), r(400, 410));
        assertThat(res.matchedLabels()).containsExactly(r(100, 150), r(500, 510));
        assertThat(res.missedLabels()).containsExactly(r(300, 320));
    }

    @Test
    void identicalLabelsOnOneRowAreCountedSeparatelyLikeTheReference() {
        // true_seq_index[0] always picks the first copy, so the second can only be missed
        var res = eval(List.of(r(10, 20), r(10, 20)), List.of(r(12, 13)));
        assertThat(res.counts()).isEqualTo(new DetectionCounts(1, 0, 1));
    }

    @Test
    void duplicateChannelRowsAreEachScoredAgainstTheirOwnLabels() {
        // like SMAP P-2: one channel, two label rows with different windows, one set of predictions
        List<IndexRange> predictions = List.of(r(100, 120), r(800, 820), r(2000, 2005));
        var row1 = eval(List.of(r(90, 130)), predictions);
        var row2 = eval(List.of(r(790, 900)), predictions);

        assertThat(row1.counts()).isEqualTo(new DetectionCounts(1, 2, 0));
        assertThat(row1.falsePositives()).containsExactly(r(800, 820), r(2000, 2005));
        assertThat(row2.counts()).isEqualTo(new DetectionCounts(1, 2, 0));
        assertThat(row2.falsePositives()).containsExactly(r(100, 120), r(2000, 2005));

        var other = eval(List.of(r(5, 9)), List.of());
        DetectionCounts total = TelemanomProtocol.total(List.of(row1, row2, other));
        // both P-2 rows count: 3 labelled sequences in all
        assertThat(total).isEqualTo(new DetectionCounts(2, 4, 1));
        assertThat(total.tp() + total.fn()).isEqualTo(3);
        assertThat(total.precision()).isCloseTo(2.0 / 6.0, within(1e-12));
        assertThat(total.recall()).isCloseTo(2.0 / 3.0, within(1e-12));
    }

    @Test
    void resultListsAreImmutableCopies() {
        var labels = new java.util.ArrayList<>(List.of(r(1, 2)));
        var res = eval(labels, List.of(r(1, 1)));
        labels.clear();
        assertThat(res.matchedLabels()).containsExactly(r(1, 2));
        assertThatThrownBy(() -> res.truePositives().add(r(3, 4)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resultRejectsCountsThatDisagreeWithItsLists() {
        assertThatThrownBy(() -> new TelemanomProtocol.Result(
                new DetectionCounts(1, 0, 0), List.of(), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
