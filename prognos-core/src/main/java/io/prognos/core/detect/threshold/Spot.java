package io.prognos.core.detect.threshold;

import java.util.Arrays;

/**
 * SPOT and DSPOT: streaming peaks-over-threshold alarm levels from extreme value theory (Siffer,
 * Fouque, Termier, Largouët, "Anomaly Detection in Streams with Extreme Value Theory", KDD 2017). The
 * user chooses a risk q instead of a threshold; the threshold z_q is the level one normal value
 * exceeds with probability q, extrapolated from a generalised Pareto fit of the tail, whatever the
 * distribution of the values (Pickands-Balkema-de Haan theorem).
 *
 * <p><b>Calibration.</b> On the first n values: the initial threshold t is their empirical quantile at
 * {@link SpotConfig#initialLevel()}, the peaks are the excesses {@code X - t} of the values above t, a
 * GPD {@code (xi, sigma)} is fitted to them by {@link GpdFit Grimshaw's method}, and
 * {@code z_q = t + sigma/xi ((q n / N_t)^(-xi) - 1)} ({@code t - sigma log(q n / N_t)} if
 * {@code xi = 0}), with N_t the number of peaks.
 *
 * <p><b>Streaming.</b> A value above z_q is an anomaly: it is flagged, and its value is not learned. A
 * value between t and z_q is a new peak: it joins the peaks, N_t and n grow, the GPD is refitted and
 * z_q recomputed. Any other value only increments n. If a refit is refused (degenerate peaks; never
 * seen after a valid calibration) the previous fit is kept. When {@code q n / N_t} reaches 1 the
 * threshold is t.
 *
 * <p><b>Flagged values: one departure from the paper, on by default.</b> In the paper a flagged value
 * teaches nothing. On a stream without anomalies that removes the top {@code q n / N_t} of the peak
 * distribution (5% for q = 1e-3 over the 98% quantile) from every refit: the tail looks lighter than
 * it is, z_q comes down, more of the tail is removed, and z_q keeps sinking. Measured on Exp(1) noise,
 * q = 1e-3: the paper's rule flags 1.96e-3 of 200,000 values with z_q falling from 7.0 to 6.0 (true
 * 6.91), and worse later. With {@link SpotConfig#censorFlagged()} a flagged value is kept as a
 * right-censored peak (its value is not used, only that it exceeded z_q; see
 * {@link GpdFit#fitCensored}) and counted in n and N_t, which removes that bias. Real anomalies must
 * not teach the tail, though: a flagged value is censored only while the censored peaks kept are
 * fewer than twice the share {@code q n / N_t} of the kept peaks that normal data would put beyond
 * z_q, and is otherwise dropped as in the paper. Under normal data the cap is rarely reached (no bias);
 * a burst or a level shift can fill it, which lifts z_q by a bounded amount (measured on Exp(1) noise,
 * q = 1e-3, 100 peaks: 200 consecutive anomalies lift z_q from 7.1 to 9.5, the censored share also
 * making the fitted tail heavier), and once it is full, flagged values change nothing, so a
 * persistent anomaly stays flagged. A slow drift is another matter: the values it moves into the band
 * between t and z_q are ordinary peaks and lift z_q with them (SPOT on a mean drifting by 0.001
 * standard deviations a value flags 8% of the values, by 0.01 over 99%); use DSPOT for drifting
 * streams. Set it false for the paper's rule. Either way a flagged value
 * never enters DSPOT's moving average.
 *
 * <p><b>DSPOT</b> ({@link SpotConfig#depth()} d > 0) runs the same on {@code X - M}, M the mean of the
 * last d normal values, so that the threshold follows a drifting level; calibration then takes
 * {@code n + d} values (the first d start the average). {@link #threshold()} is reported in the units
 * of the values: {@code M + z_q}.
 *
 * <p><b>Sides.</b> {@link SpotConfig.Side#LOWER} runs the upper algorithm on {@code -X}; {@code BOTH}
 * runs both on the same values (a flagged value is not learned as a peak by either side).
 *
 * <p><b>Memory.</b> What grows in the paper is the peak set (about {@code 1 - initialLevel} of all
 * values). Here at most {@link SpotConfig#maxPeaks()} peaks (observed or censored) are kept (the
 * newest, in a ring), while n
 * and N_t stay running totals; the moving average holds d values and calibration n + d. Each peak
 * costs one refit, linear in the number of kept peaks. Memory and time per value are thus bounded.
 *
 * <p><b>Degenerate data.</b> {@link #fit} refuses an initial batch that cannot be fitted (too few
 * peaks over t, e.g. from many ties, or peaks without spread) with {@link IllegalArgumentException}.
 * The streaming constructor instead keeps calibrating: it drops the oldest tenth of its calibration
 * values, collects new ones and tries again, never flagging meanwhile ({@link #calibrated()} false,
 * thresholds infinite), so a constant start of a stream delays the alarms rather than inventing a
 * threshold.
 *
 * <p>Not thread-safe.
 */
public final class Spot implements StreamingThreshold {

    private final SpotConfig config;
    private Tail upper;
    private Tail lower;
    private final MovingAverage average;
    /** Calibration buffer while not calibrated; null afterwards. */
    private double[] calibration;
    private int calibrationSize;
    private String lastCalibrationFailure;

    /** A threshold that calibrates on the first {@code initialCount + depth} values it is given. */
    public Spot(SpotConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.average = config.depth() > 0 ? new MovingAverage(config.depth()) : null;
        this.calibration = new double[config.initialCount() + config.depth()];
    }

    /**
     * A threshold calibrated on {@code initial} (all of it, whatever {@link SpotConfig#initialCount()}
     * says: at least {@code depth + 1} values), ready to judge the next value.
     *
     * @throws IllegalArgumentException if the batch gives too few peaks or peaks without spread, or a
     *                                  value is not finite
     */
    public static Spot fit(SpotConfig config, double[] initial) {
        Spot spot = new Spot(config);
        for (int i = 0; i < initial.length; i++) {
            requireFinite(initial[i]);
        }
        spot.calibrate(initial, initial.length);
        spot.calibration = null;
        return spot;
    }

    /**
     * A batch selector: the calibration step of SPOT (or DSPOT) on the scores, returning the upper
     * threshold z_q (plus the final moving average for DSPOT) for a next score.
     */
    public static ThresholdSelector selector(SpotConfig config) {
        return scores -> fit(config.withSide(SpotConfig.Side.UPPER), scores).threshold();
    }

    public SpotConfig config() {
        return config;
    }

    @Override
    public boolean calibrated() {
        return calibration == null;
    }

    /** Why the last calibration attempt of the streaming constructor failed, or null. */
    public String lastCalibrationFailure() {
        return lastCalibrationFailure;
    }

    @Override
    public double threshold() {
        if (!calibrated() || upper == null) {
            return Double.POSITIVE_INFINITY;
        }
        return level() + upper.z;
    }

    @Override
    public double lowerThreshold() {
        if (!calibrated() || lower == null) {
            return Double.NEGATIVE_INFINITY;
        }
        return level() - lower.z;
    }

    /** The GPD currently fitted to the upper tail's peaks, or null (not calibrated, or no upper side). */
    public GpdFit upperFit() {
        return calibrated() && upper != null ? upper.fit : null;
    }

    /** The GPD currently fitted to the lower tail's peaks (of the negated values), or null. */
    public GpdFit lowerFit() {
        return calibrated() && lower != null ? lower.fit : null;
    }

    /** Initial threshold t of the upper side (in the units of {@code X - M} for DSPOT), or NaN. */
    public double upperInitialThreshold() {
        return calibrated() && upper != null ? upper.t : Double.NaN;
    }

    /** Peaks kept for fitting on the upper side (at most {@link SpotConfig#maxPeaks()}). */
    public int upperPeaksKept() {
        return calibrated() && upper != null ? upper.size : 0;
    }

    /** Peaks kept for fitting on the lower side (at most {@link SpotConfig#maxPeaks()}). */
    public int lowerPeaksKept() {
        return calibrated() && lower != null ? lower.size : 0;
    }

    @Override
    public boolean update(double value) {
        requireFinite(value);
        if (!calibrated()) {
            calibration[calibrationSize++] = value;
            if (calibrationSize == calibration.length) {
                try {
                    calibrate(calibration, calibrationSize);
                    calibration = null;
                    lastCalibrationFailure = null;
                } catch (IllegalArgumentException e) {
                    lastCalibrationFailure = e.getMessage();
                    int drop = Math.max(1, calibration.length / 10);
                    System.arraycopy(calibration, drop, calibration, 0, calibrationSize - drop);
                    calibrationSize -= drop;
                }
            }
            return false;
        }
        double x = value - level();
        boolean upperFlag = upper != null && x > upper.z;
        boolean lowerFlag = lower != null && -x > lower.z;
        if (upperFlag || lowerFlag) {
            if (config.censorFlagged()) {
                if (upper != null) {
                    upper.learn(x, upperFlag);
                }
                if (lower != null) {
                    lower.learn(-x, lowerFlag);
                }
            }
            return true;
        }
        if (upper != null) {
            upper.learn(x, false);
        }
        if (lower != null) {
            lower.learn(-x, false);
        }
        if (average != null) {
            average.push(value);
        }
        return false;
    }

    private double level() {
        return average == null ? 0 : average.mean();
    }

    /** Calibrates on the first {@code count} values; leaves this object unchanged if it throws. */
    private void calibrate(double[] values, int count) {
        int d = config.depth();
        if (count < d + 1) {
            throw new IllegalArgumentException("calibration needs more than depth = " + d + " values, got " + count);
        }
        double[] residuals = new double[count - d];
        if (d == 0) {
            System.arraycopy(values, 0, residuals, 0, count);
        } else {
            MovingAverage warm = new MovingAverage(d);
            for (int i = 0; i < d; i++) {
                warm.push(values[i]);
            }
            for (int i = d; i < count; i++) {
                residuals[i - d] = values[i] - warm.mean();
                warm.push(values[i]);
            }
        }
        Tail up = config.side().upper() ? Tail.calibrate(config, residuals, "upper") : null;
        Tail low = null;
        if (config.side().lower()) {
            double[] negated = new double[residuals.length];
            for (int i = 0; i < negated.length; i++) {
                negated[i] = -residuals[i];
            }
            low = Tail.calibrate(config, negated, "lower");
        }
        upper = up;
        lower = low;
        if (average != null) {
            for (int i = count - d; i < count; i++) {
                average.push(values[i]);
            }
        }
    }

    private static void requireFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("values must be finite, got " + value);
        }
    }

    /** One side's peaks-over-threshold state, on values where large is extreme. */
    private static final class Tail {
        private final double risk;
        private final double t;
        /** Ring of the newest peaks: an excess, or a censoring level when {@code censored[i]}. */
        private final double[] peaks;
        private final boolean[] censored;
        private final double[] scratchExcesses;
        private final double[] scratchLevels;
        private int size;
        private int next;
        private int censoredKept;
        private long observed;
        private long peakCount;
        private GpdFit fit;
        private double z;

        private Tail(double risk, double t, int capacity) {
            this.risk = risk;
            this.t = t;
            this.peaks = new double[capacity];
            this.censored = new boolean[capacity];
            this.scratchExcesses = new double[capacity];
            this.scratchLevels = new double[capacity];
        }

        static Tail calibrate(SpotConfig config, double[] x, String name) {
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(config.initialLevel() * sorted.length) - 1;
            double t = sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
            Tail tail = new Tail(config.risk(), t, config.maxPeaks());
            for (double v : x) {
                tail.observed++;
                if (v > t) {
                    tail.addPeak(v - t, false);
                }
            }
            if (tail.size < GpdFit.MIN_EXCESSES) {
                throw new IllegalArgumentException("the " + name + " tail of " + x.length + " calibration values has "
                        + tail.size + " peaks over its initial threshold " + t + " (ties?); at least "
                        + GpdFit.MIN_EXCESSES + " are needed");
            }
            tail.refit(true);
            return tail;
        }

        /**
         * Counts a value; a value over t becomes a peak and the fit is renewed. A flagged value is a
         * censored peak at the current alarm level.
         */
        void learn(double x, boolean flagged) {
            if (flagged) {
                // censor only up to twice the modelled share of exceedances among the peaks (see the class comment)
                if (censoredKept + 1 <= 2 * exceedanceShare() * (size + 1)) {
                    observed++;
                    addPeak(z - t, true);
                    refit(false);
                }
                return;
            }
            observed++;
            if (x > t) {
                addPeak(x - t, false);
                refit(false);
            }
        }

        /** {@code q n / N_t}: the share of peaks the fitted tail expects beyond z_q. */
        private double exceedanceShare() {
            return Math.min(1, risk * observed / peakCount);
        }

        private void addPeak(double excess, boolean isCensored) {
            if (size == peaks.length && censored[next]) {
                censoredKept--;
            }
            if (isCensored) {
                censoredKept++;
            }
            peaks[next] = excess;
            censored[next] = isCensored;
            next = (next + 1) % peaks.length;
            size = Math.min(size + 1, peaks.length);
            peakCount++;
        }

        private void refit(boolean mustSucceed) {
            // the fit depends only on the multisets of excesses and levels, so the ring's order does not matter
            int observedPeaks = 0;
            int levels = 0;
            for (int i = 0; i < size; i++) {
                if (censored[i]) {
                    scratchLevels[levels++] = peaks[i];
                } else {
                    scratchExcesses[observedPeaks++] = peaks[i];
                }
            }
            try {
                fit = GpdFit.fitCensored(scratchExcesses, observedPeaks, scratchLevels, levels);
            } catch (IllegalArgumentException e) {
                if (mustSucceed || fit == null) {
                    throw e;
                }
            }
            z = t + fit.excessQuantile(exceedanceShare());
        }
    }

    /** Mean of the last {@code depth} pushed values, exact sum recomputed once per turn of the ring. */
    private static final class MovingAverage {
        private final double[] window;
        private int next;
        private int size;
        private double sum;

        MovingAverage(int depth) {
            this.window = new double[depth];
        }

        void push(double v) {
            if (size == window.length) {
                sum -= window[next];
            } else {
                size++;
            }
            window[next] = v;
            sum += v;
            next = (next + 1) % window.length;
            if (next == 0) {
                double exact = 0;
                for (int i = 0; i < size; i++) {
                    exact += window[i];
                }
                sum = exact;
            }
        }

        double mean() {
            return sum / size;
        }
    }
}
