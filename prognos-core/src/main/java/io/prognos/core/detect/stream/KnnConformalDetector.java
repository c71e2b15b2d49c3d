package io.prognos.core.detect.stream;

import java.util.Arrays;

/**
 * A nearest-neighbour conformal detector in the spirit of KNN-CAD (Burnaev and Ishimtsev, 2016), written
 * from the idea, not the code: a reading is judged by the shape of the last
 * {@link KnnConformalConfig#dimension()} readings ending with it, so a change of pattern (a missing daily
 * peak, a new oscillation) shows even when every single value is ordinary.
 * <ol>
 *   <li>The window's <b>non-conformity</b> is the mean Euclidean distance to its
 *       {@link KnnConformalConfig#neighbours()} nearest windows among the last
 *       {@link KnnConformalConfig#reference()} windows, skipping the {@code dimension} newest, which overlap
 *       it and would always look alike.</li>
 *   <li>The <b>conformal</b> step: a {@link ScoreCalibrator} turns the non-conformity into the share of
 *       recent non-conformity values below it (with a GPD tail beyond the 98th percentile), a conformal
 *       p-value read the other way round.</li>
 *   <li>A <b>refractory period</b> as in {@link SurpriseLikelihoodDetector}: a score that does not exceed
 *       every score of the previous {@code refractory} readings is damped to a tenth.</li>
 * </ol>
 * Until the reference is full ({@code reference + dimension} readings) the score is 0 and nothing is
 * calibrated: distances to a partly filled reference are larger and would linger in the calibration
 * window as false "normal" extremes. Memory: {@code reference + dimension}
 * windows of {@code dimension} values, the calibrator's window and the refractory scores; time per reading
 * O(reference x dimension). The timestamp is not used. The windows are not rescaled: the conformal step
 * ranks a distance only against distances of the same stream, so units do not matter, whereas scaling by
 * the running range (as KNN-CAD's inputs are) shrinks every later distance after one outlier (measured on
 * NAB with a 1,000-value calibration window: 12.95 standard with that scaling, 26.27 without). Not thread-safe.
 */
public final class KnnConformalDetector implements StreamingDetector {

    private final KnnConformalConfig config;
    private final double[] recent;
    /** Ring of raw (unscaled) windows, {@code reference + dimension} of them. */
    private final double[][] windows;
    private final ScoreCalibrator calibrator;
    private final double[] distances;
    private final RefractoryFilter refractory;
    private int windowCount;
    private int nextWindow;
    private long seen;

    public KnnConformalDetector() {
        this(KnnConformalConfig.defaults());
    }

    public KnnConformalDetector(KnnConformalConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.recent = new double[config.dimension()];
        this.windows = new double[config.reference() + config.dimension()][];
        this.calibrator = new ScoreCalibrator(config.calibration());
        this.distances = new double[config.reference()];
        this.refractory = new RefractoryFilter(config.refractory());
    }

    public KnnConformalConfig config() {
        return config;
    }

    @Override
    public double score(long epochSecond, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("readings must be finite, got " + value);
        }
        int d = config.dimension();
        recent[(int) (seen % d)] = value;
        seen++;
        if (seen < d) {
            return refract(0);
        }
        double[] window = new double[d];
        for (int i = 0; i < d; i++) {
            window[i] = recent[(int) ((seen + i) % d)];
        }
        double score = 0;
        int usable = windowCount - d;
        // non-conformity against a partly filled reference is not comparable with later values (fewer
        // candidates, larger distances) and would stay in the calibration window, so wait for a full one
        if (usable == config.reference()) {
            for (int j = 0; j < usable; j++) {
                // the j-th oldest window still in the ring
                double[] w = windows[Math.floorMod(nextWindow - windowCount + j, windows.length)];
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    double diff = window[i] - w[i];
                    sum += diff * diff;
                }
                distances[j] = sum;
            }
            Arrays.sort(distances, 0, usable);
            double ncm = 0;
            for (int j = 0; j < config.neighbours(); j++) {
                ncm += Math.sqrt(distances[j]);
            }
            score = calibrator.calibrate(ncm / config.neighbours());
        }
        windows[nextWindow] = window;
        nextWindow = (nextWindow + 1) % windows.length;
        windowCount = Math.min(windowCount + 1, windows.length);
        return refract(score);
    }

    private double refract(double score) {
        return refractory.apply(score);
    }

}
