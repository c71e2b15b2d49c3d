package io.prognos.core.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RobustDeviationTest {

    @Test
    void knownAnswer() {
        // baseline median 3, absolute deviations {2,1,0,1,2} -> MAD 1, scale 1.4826
        double[] baseline = {1, 2, 3, 4, 5};
        assertThat(RobustDeviation.maxAbsZ(baseline, new double[]{3, 6})).isCloseTo(3 / 1.4826, within(1e-12));
        assertThat(RobustDeviation.maxAbsZ(baseline, new double[]{0, 3})).isCloseTo(3 / 1.4826, within(1e-12));
    }

    @Test
    void outliersInTheBaselineDoNotHideTheStretch() {
        double[] baseline = {10, 10.1, 9.9, 10, 10.2, 9.8, 500};
        assertThat(RobustDeviation.maxAbsZ(baseline, new double[]{11})).isGreaterThan(5);
    }

    @Test
    void edgeCases() {
        assertThat(RobustDeviation.maxAbsZ(new double[]{2, 2, 2}, new double[]{2})).isZero();
        assertThat(RobustDeviation.maxAbsZ(new double[]{2, 2, 2}, new double[]{2.5})).isInfinite();
        assertThat(RobustDeviation.maxAbsZ(new double[]{Double.NaN}, new double[]{1})).isNaN();
        assertThat(RobustDeviation.maxAbsZ(new double[]{1, 2}, new double[]{Double.NaN})).isNaN();
    }
}
