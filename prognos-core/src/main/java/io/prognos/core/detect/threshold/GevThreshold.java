package io.prognos.core.detect.threshold;

/**
 * A threshold from block maxima: the scores are cut into consecutive blocks of
 * {@link GevConfig#blockSize() m} (the incomplete block, if any, is the oldest scores, which are left
 * out), a {@link GevFit GEV} is fitted to the block maxima by maximum likelihood, and the threshold is
 * the return level at which one score has probability {@link GevConfig#risk() q} of exceeding it.
 *
 * <p>If scores are independent with distribution {@code F}, a block maximum has distribution
 * {@code F^m}, so {@code F(z) = 1 - q} is {@code G(z) = (1 - q)^m}: the threshold is the GEV level with
 * {@code -log G(z) = -m log(1 - q)}, i.e. the return level for the block risk {@code 1 - (1 - q)^m}.
 * Compared with {@link Spot} (peaks over threshold) it uses one value per block rather than every
 * large value, so it needs more data for the same precision, but it makes no choice of an initial
 * threshold and is the classical annual-maximum analysis.
 */
public final class GevThreshold implements ThresholdSelector {

    private final GevConfig config;

    public GevThreshold(GevConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
    }

    public GevConfig config() {
        return config;
    }

    /** The maxima of the complete blocks, aligned so that the newest score ends the last block. */
    public double[] blockMaxima(double[] scores) {
        int m = config.blockSize();
        int blocks = scores.length / m;
        int offset = scores.length - blocks * m;
        double[] maxima = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = offset + b * m; i < offset + (b + 1) * m; i++) {
                if (!Double.isFinite(scores[i])) {
                    throw new IllegalArgumentException("scores must be finite, found " + scores[i] + " at " + i);
                }
                max = Math.max(max, scores[i]);
            }
            maxima[b] = max;
        }
        return maxima;
    }

    /**
     * Fits the GEV to the block maxima of {@code scores}.
     *
     * @throws IllegalArgumentException with fewer than {@link GevFit#MIN_MAXIMA} complete blocks or
     *                                  maxima without spread
     */
    public GevFit fit(double[] scores) {
        int blocks = scores.length / config.blockSize();
        if (blocks < GevFit.MIN_MAXIMA) {
            throw new IllegalArgumentException(scores.length + " scores make " + blocks + " blocks of "
                    + config.blockSize() + "; a GEV fit needs at least " + GevFit.MIN_MAXIMA);
        }
        return GevFit.fit(blockMaxima(scores));
    }

    /** The threshold of a fitted GEV for this config's per-score risk and block size. */
    public double threshold(GevFit fit) {
        return fit.levelAtLogCdf(-config.blockSize() * Math.log1p(-config.risk()));
    }

    @Override
    public double select(double[] scores) {
        return threshold(fit(scores));
    }
}
