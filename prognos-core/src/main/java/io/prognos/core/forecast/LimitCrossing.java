package io.prognos.core.forecast;

import java.util.Arrays;

/**
 * How likely a forecast signal is to reach a limit within the horizon, and when: from the first
 * crossing step of each calibrated error path ({@link ResidualPaths#crossing}). Steps are 0-based
 * horizon steps (step 0 is one sampling period after the last observation). A crossing is the first
 * reading at or beyond the limit, measurement noise included, which is when a limit alarm would fire;
 * for a noisy signal it comes earlier than the moment its trend reaches the limit.
 *
 * @param probability share of error paths that reach the limit within the horizon
 * @param paths       error paths judged (from overlapping windows, so not independent draws)
 * @param horizon     steps considered
 */
public record LimitCrossing(double probability, int[] crossingSteps, int paths, int horizon) {

    public LimitCrossing {
        crossingSteps = crossingSteps.clone();
        Arrays.sort(crossingSteps);
    }

    /** Whether any path crossed, so that the step figures below exist. */
    public boolean possible() {
        return crossingSteps.length > 0;
    }

    /**
     * The {@code q}-quantile of the first-crossing step among the paths that cross (nearest rank), e.g.
     * 0.5 for the median crossing time and 0.05 / 0.95 for its interval.
     *
     * @throws IllegalStateException when no path crosses
     */
    public int crossingStepQuantile(double q) {
        if (!possible()) {
            throw new IllegalStateException("no error path reaches the limit within " + horizon + " steps");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        int index = (int) Math.ceil(q * crossingSteps.length) - 1;
        return crossingSteps[Math.max(0, Math.min(crossingSteps.length - 1, index))];
    }
}
