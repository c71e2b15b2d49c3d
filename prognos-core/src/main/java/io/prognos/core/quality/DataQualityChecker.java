package io.prognos.core.quality;

import io.prognos.core.asset.Limits;
import io.prognos.core.transform.Imputer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Six data-quality checks on one sensor's series: missing values, sampling gaps, duplicate or
 * out-of-order timestamps, outliers (robust z-score against the median and MAD), stuck or constant
 * periods, and limit violations. Each gives a level from the share of samples it affects.
 *
 * <p>The bands are deliberate choices, listed with each check; they are meant for training data,
 * where a few percent of bad samples are tolerable and a majority is not.
 */
public final class DataQualityChecker {

    /** Name of the stuck/constant check, e.g. for {@link QualityReport#waive}. */
    public static final String STUCK_VALUES = "stuck values";

    /** Name of the check {@link #imputed} adds to a report. */
    public static final String IMPUTED_POINTS = "imputed points";

    /** A robust z-score above this marks an outlier (5 MADs is far outside any normal spread). */
    static final double OUTLIER_Z = 5.0;
    /** Consecutive equal values longer than this many samples count as stuck. */
    static final int STUCK_RUN = 20;
    /** An interval longer than this many sampling periods is a gap. */
    static final double GAP_FACTOR = 1.5;

    /**
     * @param timestamps     epoch milliseconds, in arrival order (not necessarily sorted)
     * @param values         NaN for missing
     * @param samplingMillis the sensor's nominal period; 0 to use the median interval
     * @param warning        warning limits (may be {@link Limits#NONE})
     * @param critical       critical limits (may be {@link Limits#NONE})
     */
    public QualityReport check(String subject, long[] timestamps, double[] values, long samplingMillis, Limits warning,
                               Limits critical) {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(subject + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
        int n = values.length;
        List<QualityCheck> checks = new ArrayList<>();
        if (n == 0) {
            checks.add(new QualityCheck("missing values", QualityLevel.CRITICAL, 0, 1, "no samples at all"));
            return new QualityReport(subject, 0, checks);
        }
        checks.add(missing(values));
        checks.add(gaps(timestamps, samplingMillis));
        checks.add(order(timestamps));
        checks.add(outliers(values));
        checks.add(stuck(values));
        checks.add(limits(values, warning, critical));
        return new QualityReport(subject, n, checks);
    }

    /** Bands: up to 1 % GOOD, 5 % FAIR, 20 % POOR. */
    static QualityCheck missing(double[] values) {
        long missing = Arrays.stream(values).filter(Double::isNaN).count();
        double share = (double) missing / values.length;
        return new QualityCheck("missing values", QualityLevel.ofShare(share, 0.01, 0.05, 0.20), missing, share,
                String.format("%d of %d values missing (%.2f%%)", missing, values.length, 100 * share));
    }

    /** Samples lost in gaps longer than 1.5 periods, as a share of the samples expected; bands 1/5/20 %. */
    static QualityCheck gaps(long[] timestamps, long samplingMillis) {
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        if (sorted.length < 2) {
            return new QualityCheck("sampling gaps", QualityLevel.EXCELLENT, 0, 0, "a single sample");
        }
        long period = samplingMillis > 0 ? samplingMillis : medianInterval(sorted);
        if (period <= 0) {
            return new QualityCheck("sampling gaps", QualityLevel.CRITICAL, 0, 1,
                    "all samples share one timestamp, so there is no sampling period");
        }
        long lost = 0;
        int gapCount = 0;
        long longest = 0;
        for (int i = 1; i < sorted.length; i++) {
            long interval = sorted[i] - sorted[i - 1];
            if (interval > GAP_FACTOR * period) {
                gapCount++;
                lost += Math.round((double) interval / period) - 1;
                longest = Math.max(longest, interval);
            }
        }
        double share = (double) lost / (lost + sorted.length);
        return new QualityCheck("sampling gaps", QualityLevel.ofShare(share, 0.01, 0.05, 0.20), lost, share,
                gapCount == 0 ? "no gaps at a period of " + period + " ms"
                        : String.format("%d gaps lose about %d samples (%.2f%% of expected) at a period of %d ms; "
                        + "longest %d ms", gapCount, lost, 100 * share, period, longest));
    }

    /** Timestamps not after their predecessor; bands 0.1/1/5 %. */
    static QualityCheck order(long[] timestamps) {
        long duplicates = 0;
        long backwards = 0;
        int firstBad = -1;
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] == timestamps[i - 1]) {
                duplicates++;
            } else if (timestamps[i] < timestamps[i - 1]) {
                backwards++;
            } else {
                continue;
            }
            if (firstBad < 0) {
                firstBad = i;
            }
        }
        long bad = duplicates + backwards;
        double share = (double) bad / timestamps.length;
        return new QualityCheck("timestamp order", QualityLevel.ofShare(share, 0.001, 0.01, 0.05), bad, share,
                bad == 0 ? "timestamps strictly increase"
                        : String.format("%d duplicate and %d out-of-order timestamps; first at sample %d", duplicates,
                        backwards, firstBad));
    }

    /**
     * Values more than 5 MADs (scaled to a standard deviation) from the median; bands 1/3/10 %, and
     * never worse than POOR: on real telemetry a large share usually means a multimodal signal (two
     * operating states) that the single-median rule misjudges, which is no reason to refuse training.
     */
    static QualityCheck outliers(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length < 3) {
            return new QualityCheck("outliers", QualityLevel.EXCELLENT, 0, 0, "too few values to judge");
        }
        double median = median(finite);
        double[] deviations = Arrays.stream(finite).map(v -> Math.abs(v - median)).sorted().toArray();
        double scale = 1.4826 * median(deviations);
        if (scale == 0) {
            return new QualityCheck("outliers", QualityLevel.EXCELLENT, 0, 0,
                    "more than half the values are equal, so the robust spread is zero; see stuck values");
        }
        long outliers = Arrays.stream(finite).filter(v -> Math.abs(v - median) / scale > OUTLIER_Z).count();
        double share = (double) outliers / finite.length;
        QualityLevel level = QualityLevel.ofShare(share, 0.01, 0.03, 0.10);
        return new QualityCheck("outliers", level == QualityLevel.CRITICAL ? QualityLevel.POOR : level, outliers, share,
                String.format("%d values beyond %.0f robust deviations of the median %.6g (%.2f%%)", outliers, OUTLIER_Z,
                        median, 100 * share));
    }

    /**
     * Samples inside runs of more than 20 equal values; bands 5/20/50 %, never worse than POOR, because
     * many real signals are discrete (valve positions, modes) and hold values for long; only a signal
     * that is constant throughout is CRITICAL, as there is nothing to learn from it.
     */
    static QualityCheck stuck(double[] values) {
        long stuck = 0;
        int longest = 0;
        int run = 1;
        for (int i = 1; i <= values.length; i++) {
            if (i < values.length && Double.compare(values[i], values[i - 1]) == 0 && !Double.isNaN(values[i])) {
                run++;
                continue;
            }
            if (run > STUCK_RUN) {
                stuck += run;
            }
            longest = Math.max(longest, run);
            run = 1;
        }
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        boolean constant = finite.length > 1 && Arrays.stream(finite).allMatch(v -> v == finite[0]);
        double share = (double) stuck / values.length;
        if (constant) {
            return new QualityCheck(STUCK_VALUES, QualityLevel.CRITICAL, finite.length, 1,
                    "the signal is constant at " + finite[0] + ": there is no behaviour to learn (sensor stuck or "
                            + "disconnected?)");
        }
        QualityLevel level = QualityLevel.ofShare(share, 0.05, 0.20, 0.50);
        return new QualityCheck(STUCK_VALUES, level == QualityLevel.CRITICAL ? QualityLevel.POOR : level, stuck, share,
                stuck == 0 ? "no value repeats more than " + STUCK_RUN + " times in a row"
                        : String.format("%d samples (%.2f%%) in runs of more than %d equal values; longest run %d",
                        stuck, 100 * share, STUCK_RUN, longest));
    }

    /**
     * Values beyond the warning or critical limits. EXCELLENT without any; GOOD with warnings only up to
     * 5 %; FAIR with criticals up to 1 % or warnings up to 20 %; POOR with criticals up to 10 %.
     */
    static QualityCheck limits(double[] values, Limits warning, Limits critical) {
        if (!warning.hasLow() && !warning.hasHigh() && !critical.hasLow() && !critical.hasHigh()) {
            return new QualityCheck("limit violations", QualityLevel.EXCELLENT, 0, 0, "the sensor has no limits set");
        }
        long warnings = 0;
        long criticals = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (critical.violatedBy(v)) {
                criticals++;
            } else if (warning.violatedBy(v)) {
                warnings++;
            }
        }
        double warnShare = (double) warnings / values.length;
        double critShare = (double) criticals / values.length;
        QualityLevel level;
        if (criticals == 0 && warnings == 0) {
            level = QualityLevel.EXCELLENT;
        } else if (criticals == 0 && warnShare <= 0.05) {
            level = QualityLevel.GOOD;
        } else if (critShare <= 0.01 && warnShare <= 0.20) {
            level = QualityLevel.FAIR;
        } else if (critShare <= 0.10) {
            level = QualityLevel.POOR;
        } else {
            level = QualityLevel.CRITICAL;
        }
        return new QualityCheck("limit violations", level, warnings + criticals, warnShare + critShare,
                String.format("%d values beyond the warning limits, %d beyond the critical limits", warnings, criticals));
    }

    /**
     * The optional "imputed points" check: how many points of a series an {@link Imputer} filled, with
     * which strategy, and how many are still missing and why, so estimated values are never mistaken
     * for measured ones. It is not one of the six checks {@link #check} runs; add it to that report
     * with {@link QualityReport#with(QualityCheck)} when the series is imputed. Bands on the imputed
     * share 5/20/50 %, never worse than POOR: imputed values are estimates, but the loss of data itself
     * is graded by the missing-values and sampling-gaps checks, so imputation alone never blocks
     * training.
     */
    public static QualityCheck imputed(Imputer.Result result) {
        int n = result.values().length;
        double share = n == 0 ? 0 : (double) result.imputedCount() / n;
        QualityLevel level = QualityLevel.ofShare(share, 0.05, 0.20, 0.50);
        return new QualityCheck(IMPUTED_POINTS, level == QualityLevel.CRITICAL ? QualityLevel.POOR : level,
                result.imputedCount(), share, result.summary());
    }

    private static long medianInterval(long[] sorted) {
        long[] intervals = new long[sorted.length - 1];
        for (int i = 1; i < sorted.length; i++) {
            intervals[i - 1] = sorted[i] - sorted[i - 1];
        }
        Arrays.sort(intervals);
        return intervals[intervals.length / 2];
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
