package io.prognos.core.detect.stream;

/**
 * NAB's "Windowed Gaussian" baseline, rewritten: the mean and standard deviation of the last
 * {@code window} readings, refreshed every {@code step} readings, and the score {@code 1 - Q(|z|)} of
 * the reading's deviation {@code z} from them (Q the Gaussian upper tail), so a typical reading scores
 * about 0.5 and an extreme one close to 1. A reading is scored before it joins the window. The defaults
 * (6,400 and 100) are those of NAB's baseline.
 */
public final class WindowedGaussianDetector implements StreamingDetector {

    /** Readings needed before scoring (earlier ones score 0). */
    private static final int WARM_UP = 2;

    private final SlidingMoments moments;
    private final int step;
    private int sinceRefresh;
    private double mean;
    private double sd;
    private boolean ready;

    /** NAB's settings: a window of 6,400 readings, refreshed every 100. */
    public WindowedGaussianDetector() {
        this(6_400, 100);
    }

    public WindowedGaussianDetector(int window, int step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        this.moments = new SlidingMoments(window);
        this.step = step;
    }

    @Override
    public double score(long epochSecond, double value) {
        double score = 0;
        if (ready) {
            double z = Math.abs(value - mean) / Math.max(sd, 1e-6);
            score = 1 - Tails.upper(z);
        }
        moments.add(value);
        if (++sinceRefresh >= step || !ready) {
            sinceRefresh = 0;
            if (moments.size() >= WARM_UP) {
                mean = moments.mean();
                sd = moments.sd();
                ready = true;
            }
        }
        return score;
    }
}
