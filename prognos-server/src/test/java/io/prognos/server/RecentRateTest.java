package io.prognos.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRateTest {

    @Test
    void averagesTheCompleteSecondsOfTheWindowAndForgetsOlderOnes() {
        RecentRate rate = new RecentRate(10);
        long t = 1_000_000_000L;
        rate.add(t, 50);
        rate.add(t + 999, 50);
        rate.add(t + 5_000, 200);
        // the current second does not count yet
        assertThat(rate.perSecond(t + 500)).isZero();
        assertThat(rate.perSecond(t + 6_000)).isEqualTo(30.0);
        // the window is the ten complete seconds before now: at 11 s the first second has left it
        assertThat(rate.perSecond(t + 10_500)).isEqualTo(30.0);
        assertThat(rate.perSecond(t + 11_000)).isEqualTo(20.0);
        assertThat(rate.perSecond(t + 60_000)).isZero();
        // a slot reused by a later second starts from zero
        rate.add(t + 20_000, 7);
        assertThat(rate.perSecond(t + 21_000)).isEqualTo(0.7);
    }
}
