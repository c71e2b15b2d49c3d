package io.prognos.core.transform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScalerTest {

    private static final double[][] TRAIN = {{1, 5}, {2, 5}, {3, 5}, {4, 5}, {100, 5}};

    @Test
    void minMaxMapsTheTrainingRangeToMinusOneOne() {
        Scaler s = Scaler.fit(Scaler.Kind.MINMAX, TRAIN);
        double[][] scaled = s.apply(new double[][] {{1, 5}, {100, 5}, {199, 7}});

        assertThat(scaled[0][0]).isEqualTo(-1.0);
        assertThat(scaled[1][0]).isEqualTo(1.0);
        assertThat(scaled[2][0]).isEqualTo(3.0);
        assertThat(scaled[0][1]).isZero();
        assertThat(scaled[2][1]).as("a constant training column gets scale 1").isEqualTo(2.0);
    }

    @Test
    void zScoreAndRobustUseTheirCentersAndSpreads() {
        Scaler z = Scaler.fit(Scaler.Kind.ZSCORE, TRAIN);
        Scaler robust = Scaler.fit(Scaler.Kind.ROBUST, TRAIN);

        assertThat(z.center()[0]).isEqualTo(22.0);
        assertThat(z.scale()[0]).isCloseTo(Math.sqrt(1522), within(1e-12));
        assertThat(robust.center()[0]).isEqualTo(3.0);
        assertThat(robust.scale()[0]).isEqualTo(2.0);
        assertThat(robust.invert(0, robust.apply(new double[][] {{42, 5}})[0][0])).isEqualTo(42.0);
    }

    @Test
    void gapsUpToTheLimitAreInterpolatedAndFlagged() {
        GapFiller.Filled f = new GapFiller(2).fill(new double[] {Double.NaN, 1, Double.NaN, 3, Double.NaN,
                Double.NaN, Double.NaN, 7});

        assertThat(f.values()[2]).isEqualTo(2.0);
        assertThat(f.imputed()).containsExactly(false, false, true, false, false, false, false, false);
        assertThat(f.imputedCount()).isEqualTo(1);
        assertThat(f.stillMissing()).isEqualTo(4);
    }
}
