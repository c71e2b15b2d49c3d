package io.prognos.core.detect.threshold;

/**
 * Settings of the {@link GevThreshold} block-maxima threshold. Immutable and validated on construction.
 *
 * @param risk      q, the probability that one normal score exceeds the threshold (0 < q < 1); the
 *                  same per-value meaning as {@link SpotConfig#risk()}
 * @param blockSize m, scores per block whose maximum is taken (>= 1); large enough for the block
 *                  maximum to be near its GEV limit (tens to hundreds of values), small enough to leave
 *                  many blocks ({@link GevFit#MIN_MAXIMA} at the very least; hundreds for a usable fit)
 */
public record GevConfig(double risk, int blockSize) {

    public GevConfig {
        if (!(risk > 0 && risk < 1)) {
            throw new IllegalArgumentException("risk must be in (0, 1), was " + risk);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, was " + blockSize);
        }
    }

    /** Risk 1e-4 per score, blocks of 100 scores. */
    public static GevConfig defaults() {
        return new GevConfig(1e-4, 100);
    }

    public GevConfig withRisk(double newRisk) {
        return new GevConfig(newRisk, blockSize);
    }

    public GevConfig withBlockSize(int newBlockSize) {
        return new GevConfig(risk, newBlockSize);
    }
}
