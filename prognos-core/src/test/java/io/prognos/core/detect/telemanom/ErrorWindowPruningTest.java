package io.prognos.core.detect.telemanom;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pruning on hand-made sequences whose maxima give known answers (p = 0.13). */
class ErrorWindowPruningTest {

    private static final TelemanomConfig CONFIG = TelemanomConfig.defaults();

    private static ErrorWindow windowWithPeaks(double peakA, double peakB) {
        double[] errors = new double[60];
        Arrays.fill(errors, 0.1);
        errors[6] = peakA;
        errors[22] = peakB;
        double[] targets = new double[60];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = Math.sin(i);
        }
        return new ErrorWindow(CONFIG, errors, targets);
    }

    private static ErrorWindow.Candidates twoSequences(double nonAnomalousMax) {
        BitSet indices = new BitSet();
        indices.set(5, 9);
        indices.set(20, 24);
        return new ErrorWindow.Candidates(indices, List.of(new int[] {5, 8}, new int[] {20, 23}), nonAnomalousMax);
    }

    @Test
    void keepsBothWhenTheSmallerPeakStandsWellAboveNormalErrors() {
        // sorted maxima 1.0, 0.95, then normal 0.1: 1.0 is within p of 0.95 but the later large drop keeps both
        BitSet kept = windowWithPeaks(1.0, 0.95).prune(twoSequences(0.1), false);
        assertThat(kept.get(5, 9).cardinality()).isEqualTo(4);
        assertThat(kept.get(20, 24).cardinality()).isEqualTo(4);
    }

    @Test
    void dropsASequenceWhosePeakIsWithinPOfTheLargestNormalError() {
        // sorted maxima 1.0, 0.5, then normal 0.48: (0.5 - 0.48) / 0.5 = 0.04 < 0.13, so the 0.5 sequence goes
        BitSet kept = windowWithPeaks(1.0, 0.5).prune(twoSequences(0.48), false);
        assertThat(kept.get(5, 9).cardinality()).isEqualTo(4);
        assertThat(kept.get(20, 24).isEmpty()).isTrue();
    }

    @Test
    void dropsEverythingWhenEvenTheLargestPeakIsCloseToNormal() {
        // 1.0 -> 0.95 (0.05) and 0.95 -> 0.9 (0.053): no drop of p anywhere, both sequences go
        BitSet kept = windowWithPeaks(1.0, 0.95).prune(twoSequences(0.9), false);
        assertThat(kept.isEmpty()).isTrue();
    }

    @Test
    void returnsAFreshSetSoCallersMayModifyIt() {
        ErrorWindow window = windowWithPeaks(1.0, 0.95);
        ErrorWindow.Candidates single = new ErrorWindow.Candidates(bits(3), List.of(), 0.1);
        BitSet kept = window.prune(single, false);
        kept.set(40);
        assertThat(single.indices().get(40)).isFalse();
    }

    private static BitSet bits(int index) {
        BitSet b = new BitSet();
        b.set(index);
        return b;
    }
}
