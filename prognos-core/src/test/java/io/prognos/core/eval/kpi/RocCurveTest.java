package io.prognos.core.eval.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    private static final double EPS = 1e-12;

    @Test
    void scikitLearnDocumentationExample() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(roc.auc()).isCloseTo(0.75, within(EPS));
        assertThat(roc.positives()).isEqualTo(2);
        assertThat(roc.negatives()).isEqualTo(2);
        // sklearn.metrics.roc_curve(..., drop_intermediate=False):
        //   fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [inf, 0.8, 0.4, 0.35, 0.1]
        assertThat(roc.points()).containsExactly(
                new RocPoint(Double.POSITIVE_INFINITY, 0, 0),
                new RocPoint(0.8, 0, 0.5),
                new RocPoint(0.4, 0.5, 0.5),
                new RocPoint(0.35, 0.5, 1),
                new RocPoint(0.1, 1, 1));
    }

    @Test
    void tiedScoresAreOneThresholdStep() {
        // anomalies {0.5, 0.9}, normal {0.5, 0.2}. Pairs: (0.5 vs 0.5) = 1/2, (0.5 vs 0.2) = 1,
        // (0.9 vs 0.5) = 1, (0.9 vs 0.2) = 1 -> 3.5 / 4 = 0.875 (sklearn gives the same).
        // The tie at 0.5 moves the curve diagonally from (0, 0.5) to (0.5, 1) in one step.
        RocCurve roc = RocCurve.of(new double[] {0.5, 0.5, 0.2, 0.9}, new boolean[] {false, true, false, true});
        assertThat(roc.auc()).isCloseTo(0.875, within(EPS));
        assertThat(roc.points()).containsExactly(
                new RocPoint(Double.POSITIVE_INFINITY, 0, 0),
                new RocPoint(0.9, 0, 0.5),
                new RocPoint(0.5, 0.5, 1),
                new RocPoint(0.2, 1, 1));
    }

    @Test
    void allScoresTiedGiveOneHalfAndPerfectOrInvertedRankingsGiveOneOrZero() {
        assertThat(RocCurve.of(new double[] {3, 3, 3}, new boolean[] {true, false, false}).auc())
                .isCloseTo(0.5, within(EPS));
        assertThat(RocCurve.of(new double[] {0.9, 0.8, 0.1, 0.2}, new boolean[] {true, true, false, false}).auc())
                .isCloseTo(1.0, within(EPS));
        assertThat(RocCurve.of(new double[] {0.1, 0.2, 0.9, 0.8}, new boolean[] {true, true, false, false}).auc())
                .isCloseTo(0.0, within(EPS));
    }

    @Test
    void negativeAndPositiveZeroAreOneTie() {
        RocCurve roc = RocCurve.of(new double[] {-0.0, 0.0}, new boolean[] {true, false});
        assertThat(roc.auc()).isCloseTo(0.5, within(EPS));
        assertThat(roc.points()).hasSize(2);
    }

    @Test
    void aucEqualsMannWhitneyProbabilityOnRandomDataWithTies() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int n = 5 + random.nextInt(200);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            for (int k = 0; k < n; k++) {
                labels[k] = random.nextDouble() < 0.3;
                // one decimal: many ties; anomalies score a little higher on average
                scores[k] = Math.round((random.nextGaussian() + (labels[k] ? 0.7 : 0)) * 10) / 10.0;
            }
            labels[0] = true;
            labels[1] = false;
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (labels[i] && !labels[j]) {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            RocCurve roc = RocCurve.of(scores, labels);
            assertThat(roc.auc()).isCloseTo(wins / pairs, within(EPS));
            List<RocPoint> pts = roc.points();
            assertThat(pts.get(0)).isEqualTo(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
            assertThat(pts.get(pts.size() - 1).fpr()).isEqualTo(1.0);
            assertThat(pts.get(pts.size() - 1).tpr()).isEqualTo(1.0);
            assertThat(pts).hasSize(1 + (int) java.util.Arrays.stream(scores).distinct().count());
        }
    }

    @Test
    void confusionAtThresholdFlagsScoresAtOrAboveIt() {
        RocCurve roc = RocCurve.of(List.of(new ScoredLabel(0.1, false), new ScoredLabel(0.4, false),
                new ScoredLabel(0.35, true), new ScoredLabel(0.8, true)));
        // >= 0.35 flags 0.35 (anomaly), 0.4 (normal), 0.8 (anomaly)
        assertThat(roc.confusionAt(0.35)).isEqualTo(new ConfusionMatrix(2, 1, 0, 1));
        assertThat(roc.confusionAt(0.4)).isEqualTo(new ConfusionMatrix(1, 1, 1, 1));
        assertThat(roc.confusionAt(0.41)).isEqualTo(new ConfusionMatrix(1, 0, 1, 2));
        assertThat(roc.confusionAt(Double.POSITIVE_INFINITY)).isEqualTo(new ConfusionMatrix(0, 0, 2, 2));
        assertThat(roc.confusionAt(Double.NEGATIVE_INFINITY)).isEqualTo(new ConfusionMatrix(2, 2, 0, 0));
        for (RocPoint p : roc.points()) {
            ConfusionMatrix m = roc.confusionAt(p.threshold());
            assertThat(m.falsePositiveRate().getAsDouble()).isEqualTo(p.fpr());
            assertThat(m.recall().getAsDouble()).isEqualTo(p.tpr());
        }
    }

    @Test
    void refusesMissingClassesWithTheCountsOfEach() {
        assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, 0.2, 0.3}, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0 anomalous (positive) and 3 normal (negative)");
        assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 2 anomalous (positive) and 0 normal (negative)");
        assertThatThrownBy(() -> RocCurve.of(new double[0], new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0 anomalous (positive) and 0 normal (negative)");
    }

    @Test
    void refusesNonFiniteScoresMismatchedLengthsAndNaNThreshold() {
        assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, Double.NaN}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC scores must be finite, score at index 1 was NaN");
        assertThatThrownBy(() -> RocCurve.of(new double[] {Double.NEGATIVE_INFINITY, 1}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ROC scores must be finite, score at index 0 was -Infinity");
        assertThatThrownBy(() -> RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores and labels must have the same length, were 2 scores and 1 labels");
        RocCurve roc = RocCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, false});
        assertThatThrownBy(() -> roc.confusionAt(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must not be NaN");
    }
}
