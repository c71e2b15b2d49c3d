package io.prognos.core.detect.stream;

import org.hipparchus.special.Erf;

/** Gaussian tail probabilities used to turn deviations into anomaly scores in [0, 1]. */
public final class Tails {

    private Tails() {
    }

    /** The upper tail {@code Q(z) = P(Z > z)} of the standard normal distribution. */
    public static double upper(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /**
     * A score in [0, 1] from a tail probability on a log scale: {@code -log10(p) / decades}, capped at 1.
     * Unlike {@code 1 - p}, which rounds to 1 for every {@code z} above about 8, it keeps ranking very
     * unlikely readings, so that a threshold can still tell them apart.
     */
    public static double logScore(double p, double decades) {
        if (!(p > 0)) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(0.0, -Math.log10(Math.min(1.0, p)) / decades));
    }
}
