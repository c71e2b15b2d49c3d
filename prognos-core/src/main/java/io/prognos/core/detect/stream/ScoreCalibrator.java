package io.prognos.core.detect.stream;

import io.prognos.core.detect.threshold.GpdFit;

/**
 * Turns a detector's raw scores into probability-like values in [0, 1], online and with bounded memory,
 * so that scores of different detectors (a Gaussian tail, a log-likelihood, a distance) become comparable
 * and can be combined ({@link EnsembleDetector}) or thresholded with one meaning: the calibrated value of
 * a raw score {@code s} is the estimated probability that a past raw score of the same detector on the
 * same stream was below {@code s}. A calibrated 0.99 thus means "higher than 99 % of recent scores".
 *
 * <p><b>Body.</b> The last {@link ScoreCalibratorConfig#window()} raw scores are kept in a ring and in a
 * sorted copy; the value is the mid-rank empirical distribution function
 * {@code (#{past < s} + #{past = s} / 2) / n}, so ties (a detector scoring 0 for most readings) map to the
 * middle of their block instead of pretending to be extreme.
 *
 * <p><b>Tail.</b> With a {@link ScoreCalibratorConfig#tailLevel() tail level} u, the excesses of the
 * remembered scores over their empirical u-quantile t are fitted by a generalised Pareto distribution
 * ({@link GpdFit}, Grimshaw's method, the fit SPOT uses), refitted every
 * {@link ScoreCalibratorConfig#refitEvery()} scores, and a raw score above t gets
 * {@code 1 - (N_t / n) S(s - t)}, with N_t the scores above t and S the GPD survival function: the
 * peaks-over-threshold estimate of the tail. Unlike the empirical function, which gives 1 to every score
 * above the largest one remembered, it keeps ranking extreme scores (until {@code 1 - p} falls below the
 * double precision, about 1e-16). If the excesses are too few or cannot be fitted, the empirical value is
 * used. A fitted bounded tail ({@code xi < 0}) is replaced by the exponential one ({@code xi = 0}) with the
 * same scale: it is heavier, so the probabilities are cautious, and scores past the bounded tail's end
 * point are not all lumped at exactly 1.
 *
 * <p>A raw score is calibrated against the scores before it and then remembered. Before
 * {@link ScoreCalibratorConfig#minHistory()} scores have been seen the result is 0. The mapping is
 * monotone (non-decreasing) in the raw score at any one moment. Non-finite raw scores are refused.
 * Not thread-safe.
 */
public final class ScoreCalibrator {

    private final ScoreCalibratorConfig config;
    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int next;
    private int sinceFit;
    private double tailThreshold = Double.NaN;
    private double tailShare;
    private GpdFit tail;

    public ScoreCalibrator(ScoreCalibratorConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.ring = new double[config.window()];
        this.sorted = new double[config.window()];
        this.sinceFit = config.refitEvery();
    }

    public ScoreCalibratorConfig config() {
        return config;
    }

    /** Raw scores remembered (at most the window). */
    public int size() {
        return size;
    }

    /** The current tail fit, or null (no tail configured, too few excesses, or a refused fit). */
    public GpdFit tailFit() {
        return tail;
    }

    /** Calibrates {@code raw} against the remembered scores, then remembers it. */
    public double calibrate(double raw) {
        double p = probability(raw);
        remember(raw);
        return p;
    }

    /**
     * The calibrated value of {@code raw} against the remembered scores, without remembering it (0 before
     * {@code minHistory} scores).
     */
    public double probability(double raw) {
        requireFinite(raw);
        if (size < config.minHistory()) {
            return 0;
        }
        if (tail != null && raw > tailThreshold) {
            return Math.min(1.0, Math.max(0.0, 1 - tailShare * tail.survival(raw - tailThreshold)));
        }
        int below = lowerBound(raw);
        int atOrBelow = upperBound(raw);
        return (below + 0.5 * (atOrBelow - below)) / size;
    }

    /** Adds a raw score to the window (dropping the oldest when full) and refits the tail when due. */
    public void remember(double raw) {
        requireFinite(raw);
        if (size == ring.length) {
            double old = ring[next];
            int at = lowerBound(old);
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
        }
        ring[next] = raw;
        next = (next + 1) % ring.length;
        int at = upperBound(raw);
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = raw;
        size++;
        if (config.tailLevel() > 0 && ++sinceFit >= config.refitEvery() && size >= config.minHistory()) {
            sinceFit = 0;
            refitTail();
        }
    }

    private void refitTail() {
        double t = sorted[Math.min(size - 1, (int) Math.floor(config.tailLevel() * size))];
        int first = upperBound(t);
        int excesses = size - first;
        tail = null;
        if (excesses < ScoreCalibratorConfig.MIN_TAIL_EXCESSES) {
            return;
        }
        double[] y = new double[excesses];
        for (int i = 0; i < excesses; i++) {
            y[i] = sorted[first + i] - t;
        }
        try {
            GpdFit fit = GpdFit.fit(y);
            // a bounded tail would give exactly 1 to every score past its end point; the exponential tail
            // with the same scale is heavier, so it is the cautious choice and keeps such scores ranked
            tail = fit.xi() < 0 ? new GpdFit(0, fit.sigma(), fit.logLikelihood(), fit.count()) : fit;
            tailThreshold = t;
            tailShare = (double) excesses / size;
        } catch (IllegalArgumentException | ArithmeticException e) {
            tail = null;
        }
    }

    /** First index with {@code sorted[i] >= x}. */
    private int lowerBound(double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index with {@code sorted[i] > x}. */
    private int upperBound(double x) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("raw scores must be finite, got " + x);
        }
    }
}
