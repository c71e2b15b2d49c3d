package io.prognos.core.transform;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResamplerTest {

    @Test
    void aTailOnTheHistorysGridMatchesTheWholeHistoryAwayFromItsStart() {
        // jittered, irregular readings with a short gap (interpolated) and a long one (split)
        java.util.Random random = new java.util.Random(4);
        int n = 5_000;
        long[] ts = new long[n];
        double[] v = new double[n];
        long t = 123_456;
        for (int i = 0; i < n; i++) {
            t += 1_000 + random.nextInt(301) - 150 + (i == 3_000 ? 3_000 : 0) + (i == 4_000 ? 60_000 : 0);
            ts[i] = t;
            v[i] = Math.sin(i / 17.0) + 0.1 * random.nextGaussian();
        }
        Resampler resampler = new Resampler(1_000, GapPolicy.SPLIT, 5);
        List<Resampler.Segment> whole = resampler.resample(ts, v).segments();
        int from = 2_500;
        List<Resampler.Segment> tail = resampler.resampleOnGrid(ts[0], java.util.Arrays.copyOfRange(ts, from, n),
                java.util.Arrays.copyOfRange(v, from, n)).segments();
        Resampler.Segment wholeLast = whole.get(whole.size() - 1);
        Resampler.Segment tailLast = tail.get(tail.size() - 1);
        assertThat(tailLast.startMillis()).isEqualTo(wholeLast.startMillis());
        assertThat(tailLast.values()).containsExactly(wholeLast.values());
        // the segment before the long gap: equal from a few points after the tail's start on (the interpolated gap too)
        Resampler.Segment wholeMiddle = whole.get(whole.size() - 2);
        Resampler.Segment tailFirst = tail.get(0);
        int offset = (int) ((tailFirst.startMillis() - wholeMiddle.startMillis()) / 1_000);
        assertThat((tailFirst.startMillis() - wholeMiddle.startMillis()) % 1_000).as("same grid").isZero();
        for (int i = 2; i < tailFirst.size(); i++) {
            assertThat(tailFirst.values()[i]).as("grid point %d", i).isEqualTo(wholeMiddle.values()[i + offset]);
        }
        // without the history's origin the tail's grid starts at its own first reading
        assertThat(resampler.resample(java.util.Arrays.copyOfRange(ts, from, n), java.util.Arrays.copyOfRange(v, from, n))
                .segments().get(0).startMillis()).isEqualTo(ts[from]);
    }

    @Test
    void jitteredReadingsLandOnTheirNearestGridPointWithoutFalseGaps() {
        long[] ts = {10_020, 11_001, 11_980, 13_400, 14_010, 15_500};
        double[] v = {1, 2, 3, 4, 5, 6};

        Resampler.Result r = new Resampler(1_000, GapPolicy.LEAVE, 0).resample(ts, v);

        assertThat(r.segments()).hasSize(1);
        Resampler.Segment s = r.segments().get(0);
        assertThat(s.startMillis()).as("the grid starts at the first reading").isEqualTo(10_020);
        assertThat(s.values()).as("15,500 is nearest to grid point 15,020").containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(r.imputed()).isZero();
        assertThat(r.missing()).isZero();
    }

    @Test
    void fasterReadingsAreAveragedDownAndOrderDoesNotMatter() {
        long[] ts = {2_250, 0, 250, 1_000, 1_250, 2_000};
        double[] v = {6, 1, 3, 2, 4, 10};

        Resampler.Result r = new Resampler(1_000, GapPolicy.LEAVE, 0).resample(ts, v);

        assertThat(r.segments().get(0).values()).containsExactly(2, 3, 8);
        assertThat(r.merged()).isEqualTo(3);
    }

    @Test
    void leaveKeepsGapsMissingAndFlagsNothing() {
        long[] ts = {0, 1_000, 4_000};
        Resampler.Result r = new Resampler(1_000, GapPolicy.LEAVE, 5).resample(ts, new double[] {1, 2, 5});

        double[] values = r.segments().get(0).values();
        assertThat(values).hasSize(5);
        assertThat(values[2]).isNaN();
        assertThat(values[3]).isNaN();
        assertThat(r.segments().get(0).imputed()).containsOnly(false);
        assertThat(r.missing()).isEqualTo(2);
    }

    @Test
    void missingReadingsAtEitherEndDoNotStretchTheGrid() {
        long[] ts = {0, 1_000, 2_000, 3_000, 4_000, 5_000};
        double[] v = {Double.NaN, Double.NaN, 3, 4, 5, Double.NaN};

        Resampler.Result r = new Resampler(1_000, GapPolicy.INTERPOLATE, 2).resample(ts, v);

        Resampler.Segment s = r.segments().get(0);
        assertThat(s.startMillis()).isEqualTo(2_000);
        assertThat(s.values()).containsExactly(3, 4, 5);
        assertThat(r.missing()).isZero();
        assertThat(new Resampler(1_000, GapPolicy.INTERPOLATE, 2).resample(new long[] {0, 1_000},
                new double[] {Double.NaN, Double.NaN}).segments()).isEmpty();
    }

    @Test
    void interpolateFillsGapsUpToTheLimitAndFlagsThem() {
        long[] ts = {0, 1_000, 4_000, 5_000, 10_000};
        double[] v = {1, 2, 5, 6, 11};

        Resampler.Result r = new Resampler(1_000, GapPolicy.INTERPOLATE, 2).resample(ts, v);

        Resampler.Segment s = r.segments().get(0);
        assertThat(s.values()[2]).isEqualTo(3.0);
        assertThat(s.values()[3]).isEqualTo(4.0);
        assertThat(s.imputed()[2]).isTrue();
        assertThat(s.imputed()[1]).isFalse();
        assertThat(s.values()[6]).as("a gap of 4 is over the limit of 2").isNaN();
        assertThat(r.imputed()).isEqualTo(2);
        assertThat(r.missing()).isEqualTo(4);
    }

    @Test
    void splitStartsANewSegmentAfterALongGapAndInterpolatesShortOnes() {
        long[] ts = {0, 1_000, 3_000, 10_000, 11_000, 12_000};
        double[] v = {0, 1, 3, 10, 11, Double.NaN};

        Resampler.Result r = new Resampler(1_000, GapPolicy.SPLIT, 1).resample(ts, v);

        assertThat(r.segments()).hasSize(2);
        assertThat(r.segments().get(0).values()).containsExactly(0, 1, 2, 3);
        assertThat(r.segments().get(0).imputed()).containsExactly(false, false, true, false);
        assertThat(r.segments().get(1).startMillis()).isEqualTo(10_000);
        assertThat(r.segments().get(1).values()).as("a NaN reading at the end is a gap, not a value").containsExactly(10, 11);
        assertThat(r.segments().get(1).timestamps()).containsExactly(10_000, 11_000);
        assertThat(r.droppedPoints()).as("the six grid points of the gap; the NaN reading at the end adds none").isEqualTo(6);
        assertThat(r.longest().size()).isEqualTo(4);
        assertThat(r.missing()).isZero();
    }

    @Test
    void aGridTooLargeForThePeriodPointsAtTheTimeUnit() {
        long[] ts = {0, 9_000_000_000_000L};
        assertThatThrownBy(() -> new Resampler(1, GapPolicy.LEAVE, 0).resample(ts, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time unit");
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new Resampler(0, GapPolicy.LEAVE, 0)).hasMessageContaining("period");
        assertThatThrownBy(() -> new Resampler(1, GapPolicy.LEAVE, -1)).hasMessageContaining("gap limit");
        assertThatThrownBy(() -> GapPolicy.parse("fill")).hasMessageContaining("leave, interpolate or split");
        assertThat(GapPolicy.parse(" Split")).isEqualTo(GapPolicy.SPLIT);
    }
}
