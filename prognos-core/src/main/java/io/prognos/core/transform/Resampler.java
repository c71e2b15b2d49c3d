package io.prognos.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts irregularly sampled readings on the sensor's regular grid, {@code origin + k * period}, where
 * the origin is the first reading's time, so regularly sampled data keeps its own timestamps. Each
 * reading goes to its nearest grid point; a point that
 * receives several readings takes their mean, so jitter does not create false gaps and faster data is
 * averaged down. Grid points that receive no finite reading are gaps, handled by the {@link GapPolicy}.
 *
 * @param periodMillis grid spacing, > 0
 * @param policy       what to do with gaps
 * @param maxGap       longest gap (in grid points) that is filled; longer ones are left or split
 * @param imputation   how gaps up to {@code maxGap} are filled (unless the policy is {@code LEAVE}):
 *                     {@link Imputation#LINEAR} interpolates exactly as {@link GapFiller} does; another
 *                     strategy fills what it can with an {@link Imputer}, and the points of those gaps it has
 *                     nothing to estimate from are then interpolated linearly (counted in
 *                     {@link Result#linearFallback()}), so the choice of strategy never changes which gaps
 *                     are filled, left or split, only the values put in them
 */
public record Resampler(long periodMillis, GapPolicy policy, int maxGap, Imputation imputation) {

    /** Linear filling of gaps up to {@code maxGap}, as resampling always did. */
    public Resampler(long periodMillis, GapPolicy policy, int maxGap) {
        this(periodMillis, policy, maxGap, Imputation.LINEAR);
    }

    public Resampler {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("resampling period must be > 0 ms, got " + periodMillis);
        }
        if (maxGap < 0) {
            throw new IllegalArgumentException("gap limit must be >= 0 grid points, got " + maxGap);
        }
        if (policy == null) {
            throw new IllegalArgumentException("gap policy is required");
        }
        if (imputation == null) {
            throw new IllegalArgumentException("imputation is required");
        }
    }

    /**
     * One regular stretch of the grid. {@code imputed[i]} is true for interpolated points; with
     * {@link GapPolicy#LEAVE} or for gaps over the limit, missing points are NaN and not imputed.
     */
    public record Segment(long startMillis, long periodMillis, double[] values, boolean[] imputed) {

        public int size() {
            return values.length;
        }

        public long timestamp(int index) {
            return startMillis + index * periodMillis;
        }

        public long[] timestamps() {
            long[] ts = new long[values.length];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = timestamp(i);
            }
            return ts;
        }
    }

    /**
     * The outcome: one segment for {@code LEAVE} and {@code INTERPOLATE} (none when there was no
     * reading), one or more for {@code SPLIT}, in time order.
     *
     * @param readings       readings given
     * @param merged         readings averaged with another one on the same grid point
     * @param imputed        grid points filled (by the imputation strategy or its linear fallback)
     * @param missing        grid points still missing (NaN) in the segments
     * @param droppedPoints  grid points inside gaps that split the series (not in any segment)
     * @param linearFallback of {@code imputed}, the points a non-linear strategy had nothing to estimate from,
     *                       interpolated linearly instead; always 0 with linear imputation
     */
    public record Result(List<Segment> segments, int readings, int merged, int imputed, int missing, long droppedPoints,
                         int linearFallback) {

        public Result {
            segments = List.copyOf(segments);
        }

        /** A result without linear fallback. */
        public Result(List<Segment> segments, int readings, int merged, int imputed, int missing, long droppedPoints) {
            this(segments, readings, merged, imputed, missing, droppedPoints, 0);
        }

        /** The longest segment, or null when there is none. */
        public Segment longest() {
            Segment best = null;
            for (Segment s : segments) {
                if (best == null || s.size() > best.size()) {
                    best = s;
                }
            }
            return best;
        }
    }

    /**
     * Resamples readings given in any order; {@code timestamps} and {@code values} are parallel.
     *
     * @throws IllegalArgumentException when the arrays differ in length or the grid would exceed
     *                                  {@link Integer#MAX_VALUE} points
     */
    public Result resample(long[] timestamps, double[] values) {
        return resample(timestamps, values, null);
    }

    /**
     * As {@link #resample(long[], double[])}, on the grid of a longer history whose first finite reading was at
     * {@code gridOriginMillis}: reading only the tail of a long history then gives the same grid points, and
     * the same values away from the tail's start, as resampling all of it.
     */
    public Result resampleOnGrid(long gridOriginMillis, long[] timestamps, double[] values) {
        return resample(timestamps, values, gridOriginMillis);
    }

    private Result resample(long[] timestamps, double[] values, Long gridOriginMillis) {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length: " + timestamps.length + " vs "
                    + values.length);
        }
        // the grid spans the finite readings only: NaN readings at either end would add edge slots that no
        // interpolation can fill
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < timestamps.length; i++) {
            if (Double.isFinite(values[i])) {
                min = Math.min(min, timestamps[i]);
                max = Math.max(max, timestamps[i]);
            }
        }
        if (min > max) {
            return new Result(List.of(), timestamps.length, 0, 0, 0, 0);
        }
        long origin = gridOriginMillis == null ? min : gridOriginMillis + slot(min, gridOriginMillis) * periodMillis;
        long slots = slot(max, origin) + 1;
        if (slots > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("readings from " + min + " to " + max + " ms at a period of " + periodMillis
                    + " ms make " + slots + " grid points; is the period (or the time unit) right?");
        }
        int n = (int) slots;
        double[] sum = new double[n];
        int[] count = new int[n];
        int merged = 0;
        for (int i = 0; i < timestamps.length; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            int k = (int) slot(timestamps[i], origin);
            if (count[k] > 0) {
                merged++;
            }
            sum[k] += values[i];
            count[k]++;
        }
        double[] grid = new double[n];
        for (int k = 0; k < n; k++) {
            grid[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        }
        boolean[] imputed = new boolean[n];
        int imputedCount = 0;
        int fallback = 0;
        if (policy != GapPolicy.LEAVE) {
            if (imputation.strategy() == Imputer.Strategy.LINEAR || maxGap == 0) {
                GapFiller.Filled filled = new GapFiller(maxGap).fill(grid);
                grid = filled.values();
                imputed = filled.imputed();
                imputedCount = filled.imputedCount();
            } else {
                Imputer.Result estimated = new Imputer(imputation.config(maxGap)).impute(grid);
                // what the strategy could not estimate lies in gaps short enough to fill (it never touches longer
                // ones), so the linear pass fills exactly those points and leaves the long gaps as they were
                GapFiller.Filled rest = new GapFiller(maxGap).fill(estimated.values());
                grid = rest.values();
                imputed = estimated.imputed();
                for (int k = 0; k < n; k++) {
                    imputed[k] |= rest.imputed()[k];
                }
                fallback = rest.imputedCount();
                imputedCount = estimated.imputedCount() + fallback;
            }
        }
        List<Segment> segments = new ArrayList<>();
        long dropped = 0;
        if (policy == GapPolicy.SPLIT) {
            int k = 0;
            while (k < n) {
                while (k < n && Double.isNaN(grid[k])) {
                    k++;
                    dropped++;
                }
                int start = k;
                while (k < n && !Double.isNaN(grid[k])) {
                    k++;
                }
                if (k > start) {
                    segments.add(segment(origin, start, k, grid, imputed));
                }
            }
        } else {
            segments.add(segment(origin, 0, n, grid, imputed));
        }
        int missing = 0;
        for (Segment s : segments) {
            for (double v : s.values()) {
                if (Double.isNaN(v)) {
                    missing++;
                }
            }
        }
        return new Result(segments, timestamps.length, merged, imputedCount, missing, dropped, fallback);
    }

    private Segment segment(long origin, int from, int to, double[] grid, boolean[] imputed) {
        return new Segment(origin + from * periodMillis, periodMillis, java.util.Arrays.copyOfRange(grid, from, to),
                java.util.Arrays.copyOfRange(imputed, from, to));
    }

    /** Index of the grid point nearest to {@code t} (ties go to the later point). */
    private long slot(long t, long origin) {
        return Math.floorDiv(t - origin + periodMillis / 2, periodMillis);
    }
}
