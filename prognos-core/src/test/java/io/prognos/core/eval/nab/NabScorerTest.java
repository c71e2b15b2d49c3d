package io.prognos.core.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    private static final NabScorer STANDARD = new NabScorer(NabProfile.STANDARD);
    /** 100 rows (probation 15), one 10-row window at rows 40..49. */
    private static final NabFile ONE = new NabFile("a/one.csv", 100, List.of(new NabWindow(40, 49)));

    private static double raw(NabScorer scorer, int... rows) {
        return scorer.scoreFile(ONE, rows).rawScore();
    }

    @Test
    void probationIsFifteenPercentCappedAt750Rows() {
        assertThat(NabScorer.probationLength(100)).isEqualTo(15);
        assertThat(NabScorer.probationLength(1_001)).isEqualTo(150);
        assertThat(NabScorer.probationLength(5_000)).isEqualTo(750);
        assertThat(NabScorer.probationLength(22_695)).isEqualTo(750);
        assertThat(NabScorer.probationLength(6)).isZero();
    }

    @Test
    void scaledSigmoidAtTheDocumentedPoints() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isEqualTo(0.0);
        assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(2.999)).isGreaterThan(-1.0);
        assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
    }

    @Test
    void handComputedRawScoresOfSingleDetections() {
        // nothing: the window is missed
        assertThat(raw(STANDARD)).isEqualTo(-1.0);
        // at the window's first row: exactly A_TP
        assertThat(raw(STANDARD, 40)).isCloseTo(1.0, within(1e-12));
        // at its last row: y = -1/10, tanh(0.25) / tanh(2.5)
        assertThat(raw(STANDARD, 49)).isCloseTo(0.24824154977542992, within(1e-12));
        // two in the window: only the earlier (better) one counts; y(42) = -8/10
        assertThat(raw(STANDARD, 42, 45)).isCloseTo(0.9771068409226047, within(1e-12));
        // just after: missed window plus A_FP * sigma(1/9)
        assertThat(raw(STANDARD, 50)).isCloseTo(-1.0 - 0.029793183036839352, within(1e-12));
        // far after (41/9 >= 3): the full A_FP
        assertThat(raw(STANDARD, 90)).isCloseTo(-1.11, within(1e-12));
        // before the first window, after the probation: the full A_FP
        assertThat(raw(STANDARD, 20)).isCloseTo(-1.11, within(1e-12));
        // in the probationary period: ignored
        assertThat(raw(STANDARD, 10)).isEqualTo(-1.0);
        assertThat(STANDARD.scoreFile(ONE, new int[] {10, 40, 90}).flaggedRows()).containsExactly(40, 90);
        // the low-FN profile doubles the missed window, the low-FP one the false positive
        assertThat(raw(new NabScorer(NabProfile.REWARD_LOW_FN_RATE), 90)).isCloseTo(-2.11, within(1e-12));
        assertThat(raw(new NabScorer(NabProfile.REWARD_LOW_FP_RATE), 90)).isCloseTo(-1.22, within(1e-12));
    }

    @Test
    void countsWindowsAndFalsePositives() {
        NabFileScore s = STANDARD.scoreFile(ONE, new int[] {12, 20, 41, 44, 60, 61});
        assertThat(s.detectedWindows()).isEqualTo(1);
        assertThat(s.missedWindows()).isZero();
        assertThat(s.falsePositives()).isEqualTo(3);
    }

    @Test
    void aWindowInsideTheProbationNeitherEarnsNorCosts() {
        NabFile early = new NabFile("a/early.csv", 100, List.of(new NabWindow(2, 5), new NabWindow(60, 69)));
        assertThat(NabScorer.scoredWindows(early)).isEqualTo(1);
        assertThat(STANDARD.scoreFile(early, new int[0]).rawScore()).isEqualTo(-1.0);
        // after the probation, the first window still shapes the false-positive weight: (20 - 5) / 3 >= 3
        assertThat(STANDARD.scoreFile(early, new int[] {20}).rawScore()).isCloseTo(-1.11, within(1e-12));
    }

    /** Three files: no window, one window, two windows. */
    private static List<NabFile> corpus() {
        return List.of(
                new NabFile("artificialNoAnomaly/flat.csv", 200, List.of()),
                new NabFile("realKnownCause/one.csv", 300, List.of(new NabWindow(100, 129))),
                new NabFile("realTweets/two.csv", 400, List.of(new NabWindow(120, 159), new NabWindow(300, 339))));
    }

    private static List<double[]> constant(List<NabFile> files, double value) {
        List<double[]> out = new ArrayList<>();
        for (NabFile f : files) {
            double[] s = new double[f.rows()];
            Arrays.fill(s, value);
            out.add(s);
        }
        return out;
    }

    @Test
    void nullDetectorScoresZeroAndPerfectOneHundredOnAllProfiles() {
        List<NabFile> files = corpus();
        for (NabProfile p : NabProfile.defaults()) {
            NabScorer scorer = new NabScorer(p);
            assertThat(scorer.nullScore(files)).isEqualTo(-3 * p.fnWeight());
            assertThat(scorer.perfectScore(files)).isCloseTo(3 * p.tpWeight(), within(1e-12));

            NabProfileResult none = scorer.evaluate(files, constant(files, 0.0));
            assertThat(none.threshold()).isEqualTo(NabScorer.NOTHING_FLAGGED);
            assertThat(none.score()).isEqualTo(0.0);

            List<double[]> perfect = constant(files, 0.0);
            for (int fi = 0; fi < files.size(); fi++) {
                for (NabWindow w : files.get(fi).windows()) {
                    perfect.get(fi)[w.first()] = 1.0;
                }
            }
            NabProfileResult best = scorer.evaluate(files, perfect);
            assertThat(best.threshold()).isEqualTo(1.0);
            assertThat(best.score()).isCloseTo(100.0, within(1e-9));
            assertThat(best.files().get(2).detectedWindows()).isEqualTo(2);
        }
    }

    @Test
    void thresholdSweepPicksTheKnownBestThreshold() {
        List<NabFile> files = List.of(ONE);
        double[] s = new double[100];
        Arrays.fill(s, 0.1);
        s[20] = 0.9; // a false positive before the window: -0.11
        s[40] = 0.8; // the window's first row: +1 instead of -1
        for (int i = 60; i < 70; i++) {
            s[i] = 0.5; // ten false positives after the window
        }
        NabThreshold t = STANDARD.optimiseThreshold(files, List.of(s));
        assertThat(t.threshold()).isEqualTo(0.8);
        assertThat(t.rawScore()).isCloseTo(0.89, within(1e-12));

        // only a false positive stands out: flagging nothing is best
        double[] fpOnly = new double[100];
        fpOnly[20] = 1.0;
        assertThat(STANDARD.optimiseThreshold(files, List.of(fpOnly)).threshold()).isEqualTo(NabScorer.NOTHING_FLAGGED);
    }

    @Test
    void sweepAgreesWithBruteForceOverEveryThreshold() {
        List<NabFile> files = corpus();
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            List<double[]> scores = new ArrayList<>();
            TreeSet<Double> levels = new TreeSet<>();
            for (NabFile f : files) {
                double[] s = new double[f.rows()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Math.round(random.nextDouble() * 40) / 40.0;
                    levels.add(s[i]);
                }
                for (NabWindow w : f.windows()) {
                    s[w.first() + random.nextInt(w.width())] = 1.0;
                }
                scores.add(s);
            }
            levels.add(1.0);
            for (NabProfile p : NabProfile.defaults()) {
                NabScorer scorer = new NabScorer(p);
                double bestRaw = scorer.nullScore(files);
                double bestThreshold = NabScorer.NOTHING_FLAGGED;
                for (double level : levels.descendingSet()) {
                    double raw = 0;
                    for (int fi = 0; fi < files.size(); fi++) {
                        double[] s = scores.get(fi);
                        raw += scorer.scoreFile(files.get(fi),
                                java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] >= level).toArray()).rawScore();
                    }
                    if (raw > bestRaw + 1e-9) {
                        bestRaw = raw;
                        bestThreshold = level;
                    }
                }
                NabThreshold t = scorer.optimiseThreshold(files, scores);
                assertThat(t.threshold()).isEqualTo(bestThreshold);
                assertThat(t.rawScore()).isCloseTo(bestRaw, within(1e-9));
                assertThat(scorer.evaluate(files, scores).rawScore()).isCloseTo(bestRaw, within(1e-9));
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new NabFile("x.csv", 10, List.of(new NabWindow(5, 9), new NabWindow(8, 9))))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new NabFile("x.csv", 10, List.of(new NabWindow(5, 10)))).hasMessageContaining("ends after");
        assertThatThrownBy(() -> STANDARD.optimiseThreshold(List.of(ONE), List.of(new double[99])))
                .hasMessageContaining("100 rows but 99 scores");
        double[] bad = new double[100];
        bad[3] = 1.5;
        assertThatThrownBy(() -> STANDARD.optimiseThreshold(List.of(ONE), List.of(bad))).hasMessageContaining("row 3");
    }
}
