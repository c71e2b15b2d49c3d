package io.prognos.core.transform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fills missing values (NaN) in a series on a regular grid by one of three strategies, and says
 * exactly which points it filled, so imputed values stay distinguishable from measured ones
 * downstream (the data-quality report counts them, see
 * {@code io.prognos.core.quality.DataQualityChecker#imputed}).
 *
 * <p>A gap is a maximal run of consecutive NaN points. Gaps longer than {@link Config#maxGap()} are
 * left missing, whatever the strategy: a long hole is not something any of these estimates can
 * bridge honestly. Within shorter gaps a strategy fills a point only from measured values (never
 * from values it imputed itself); when it has nothing to go on the point stays NaN and is counted in
 * {@link Result#withoutSource()} instead of being invented.
 *
 * <ul>
 *   <li>{@link Strategy#LINEAR}: straight line between the measured neighbours of the gap, exactly as
 *       {@link GapFiller} does (it is used here); gaps at either end have only one neighbour and stay
 *       missing.</li>
 *   <li>{@link Strategy#SEASONAL}: the mean of the measured values at the same phase one season
 *       before and one season after ({@code period} grid points away), whichever of the two exist;
 *       with neither, the point stays missing.</li>
 *   <li>{@link Strategy#KNN}: the {@code context} measured values just before the gap are compared
 *       (Euclidean distance) with every complete window of the same length elsewhere in the series
 *       that is followed by as many measured values as the gap is long; the continuations of the
 *       {@code k} closest windows are averaged. Ties in distance go to the window nearer the gap,
 *       then to the earlier one, so the result is deterministic. Fewer than {@code k} candidates
 *       are all used; none, or an incomplete context before the gap, leaves the gap missing.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Imputer {

    /** How missing points are estimated; see {@link Imputer}. */
    public enum Strategy {
        LINEAR, SEASONAL, KNN;

        /** The strategy named case-insensitively, with the valid names in the error. */
        public static Strategy parse(String name) {
            for (Strategy s : values()) {
                if (s.name().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown imputation strategy '" + name
                    + "'; use linear, seasonal or knn");
        }
    }

    /**
     * Validated imputation settings. Fields a strategy does not use must be 0, so a configuration
     * never carries settings that silently do nothing.
     *
     * @param strategy the estimate to use
     * @param maxGap   the longest run of missing points that is filled (>= 1); longer runs stay missing
     * @param period   SEASONAL only: the season length in grid points (>= 2), otherwise 0
     * @param k        KNN only: how many nearest windows are averaged (>= 1), otherwise 0
     * @param context  KNN only: how many points before a gap are compared (>= 1), otherwise 0
     */
    public record Config(Strategy strategy, int maxGap, int period, int k, int context) {

        public Config {
            if (strategy == null) {
                throw new IllegalArgumentException("strategy must be set");
            }
            if (maxGap < 1) {
                throw new IllegalArgumentException("maxGap must be >= 1, got " + maxGap);
            }
            if (strategy == Strategy.SEASONAL) {
                if (period < 2) {
                    throw new IllegalArgumentException("period must be >= 2 grid points for SEASONAL, got " + period);
                }
            } else if (period != 0) {
                throw new IllegalArgumentException("period is only used by SEASONAL; it must be 0 for " + strategy
                        + ", got " + period);
            }
            if (strategy == Strategy.KNN) {
                if (k < 1) {
                    throw new IllegalArgumentException("k must be >= 1 for KNN, got " + k);
                }
                if (context < 1) {
                    throw new IllegalArgumentException("context must be >= 1 for KNN, got " + context);
                }
            } else {
                if (k != 0) {
                    throw new IllegalArgumentException("k is only used by KNN; it must be 0 for " + strategy
                            + ", got " + k);
                }
                if (context != 0) {
                    throw new IllegalArgumentException("context is only used by KNN; it must be 0 for " + strategy
                            + ", got " + context);
                }
            }
        }

        /** Linear interpolation of gaps up to {@code maxGap} points. */
        public static Config linear(int maxGap) {
            return new Config(Strategy.LINEAR, maxGap, 0, 0, 0);
        }

        /** Same phase of the neighbouring seasons, {@code period} grid points long. */
        public static Config seasonal(int maxGap, int period) {
            return new Config(Strategy.SEASONAL, maxGap, period, 0, 0);
        }

        /** Continuations of the {@code k} windows most like the {@code context} points before the gap. */
        public static Config knn(int maxGap, int k, int context) {
            return new Config(Strategy.KNN, maxGap, 0, k, context);
        }
    }

    /**
     * The filled series and what was done to it.
     *
     * @param values        the input with imputed points filled; points not filled stay NaN
     * @param imputed       true where a value was imputed
     * @param imputedCount  how many points were imputed
     * @param stillMissing  how many points are NaN after imputation ({@code tooLong + withoutSource})
     * @param tooLong       missing points left because their gap is longer than {@code maxGap}
     * @param withoutSource missing points in gaps short enough to fill for which the strategy had no
     *                      measured values to go on (no neighbour, season or similar window)
     * @param config        the settings used
     */
    public record Result(double[] values, boolean[] imputed, int imputedCount, int stillMissing, int tooLong,
                         int withoutSource, Config config) {

        /** One sentence for people: strategy, imputed and remaining counts and why points remain. */
        public String summary() {
            return String.format("%d of %d points imputed (%s, gaps up to %d); %d still missing: %d in longer gaps, "
                            + "%d with nothing to impute from", imputedCount, values.length,
                    config.strategy().name().toLowerCase(java.util.Locale.ROOT), config.maxGap(), stillMissing,
                    tooLong, withoutSource);
        }
    }

    private final Config config;

    public Imputer(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Imputes the gaps of {@code values} (NaN = missing); the input is not modified. */
    public Result impute(double[] values) {
        double[] out;
        boolean[] imputed;
        if (config.strategy() == Strategy.LINEAR) {
            GapFiller.Filled filled = new GapFiller(config.maxGap()).fill(values);
            out = filled.values();
            imputed = filled.imputed();
        } else {
            out = values.clone();
            imputed = new boolean[values.length];
            boolean[] observed = new boolean[values.length];
            for (int i = 0; i < values.length; i++) {
                observed[i] = !Double.isNaN(values[i]);
            }
            // prefix[i] = measured points among values[0 .. i-1], so a range is checked complete in O(1)
            int[] prefix = new int[values.length + 1];
            for (int i = 0; i < values.length; i++) {
                prefix[i + 1] = prefix[i] + (observed[i] ? 1 : 0);
            }
            for (int[] gap : gaps(values)) {
                if (gap[1] - gap[0] > config.maxGap()) {
                    continue;
                }
                if (config.strategy() == Strategy.SEASONAL) {
                    seasonal(values, observed, gap[0], gap[1], out, imputed);
                } else {
                    knn(values, prefix, gap[0], gap[1], out, imputed);
                }
            }
        }
        int count = 0;
        int tooLong = 0;
        int withoutSource = 0;
        for (int[] gap : gaps(values)) {
            int length = gap[1] - gap[0];
            for (int i = gap[0]; i < gap[1]; i++) {
                if (imputed[i]) {
                    count++;
                } else if (length > config.maxGap()) {
                    tooLong++;
                } else {
                    withoutSource++;
                }
            }
        }
        return new Result(out, imputed, count, tooLong + withoutSource, tooLong, withoutSource, config);
    }

    /** Maximal NaN runs as [start, end) pairs. */
    private static List<int[]> gaps(double[] values) {
        List<int[]> gaps = new ArrayList<>();
        int i = 0;
        while (i < values.length) {
            if (!Double.isNaN(values[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < values.length && Double.isNaN(values[i])) {
                i++;
            }
            gaps.add(new int[]{start, i});
        }
        return gaps;
    }

    private void seasonal(double[] values, boolean[] observed, int start, int end, double[] out, boolean[] imputed) {
        int period = config.period();
        for (int i = start; i < end; i++) {
            double sum = 0;
            int n = 0;
            if (i - period >= 0 && observed[i - period]) {
                sum += values[i - period];
                n++;
            }
            if (i + period < values.length && observed[i + period]) {
                sum += values[i + period];
                n++;
            }
            if (n > 0) {
                out[i] = sum / n;
                imputed[i] = true;
            }
        }
    }

    private void knn(double[] values, int[] prefix, int start, int end, double[] out, boolean[] imputed) {
        int context = config.context();
        int length = end - start;
        if (start < context) {
            return;
        }
        int queryFrom = start - context;
        if (prefix[start] - prefix[queryFrom] != context) {
            return;
        }
        // candidate j: context values[j-context .. j-1], continuation values[j .. j+length-1], all measured
        List<double[]> candidates = new ArrayList<>(); // {distance, |j - start|, j}
        for (int j = context; j + length <= values.length; j++) {
            if (prefix[j + length] - prefix[j - context] != context + length) {
                continue;
            }
            double distance = 0;
            for (int c = 0; c < context; c++) {
                double d = values[j - context + c] - values[queryFrom + c];
                distance += d * d;
            }
            candidates.add(new double[]{distance, Math.abs(j - start), j});
        }
        if (candidates.isEmpty()) {
            return;
        }
        candidates.sort(Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1])
                .thenComparingDouble(c -> c[2]));
        int used = Math.min(config.k(), candidates.size());
        for (int t = 0; t < length; t++) {
            double sum = 0;
            for (int m = 0; m < used; m++) {
                sum += values[(int) candidates.get(m)[2] + t];
            }
            out[start + t] = sum / used;
            imputed[start + t] = true;
        }
    }
}
