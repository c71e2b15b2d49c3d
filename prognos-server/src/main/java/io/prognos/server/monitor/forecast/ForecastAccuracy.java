package io.prognos.server.monitor.forecast;

import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.core.eval.kpi.ForecastErrorAccumulator;
import io.prognos.core.eval.kpi.ForecastErrorSummary;
import io.prognos.core.eval.kpi.KpiDegradation;
import io.prognos.core.eval.kpi.KpiDirection;
import io.prognos.store.Database;
import io.prognos.store.ForecastRepository;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Realised accuracy of the forecasts the server stored (see {@link ForecastRepository}): for a sensor, per
 * forecaster version, the errors of every stored forecast point whose target has an actual reading (count, MAE,
 * RMSE, MAPE with its skipped near-zero actuals, sMAPE, R², by {@link ForecastErrorAccumulator}), overall and per
 * {@link StepBucket}, the empirical coverage of the stored intervals against their nominal coverage, and a
 * degradation verdict ({@link KpiDegradation}, lower is better) of the overall MAE or RMSE against the version's
 * validation baseline from the registry ({@code validation_mae}, {@code validation_rmse}).
 *
 * <p>The baseline is averaged over every step of the trained horizon of every validation window, while the
 * realised errors weigh the steps as they have been realised: a forecast made less than a horizon ago has only its
 * early, usually more accurate, steps realised. The per-bucket errors show how much that matters; there is no
 * validation baseline per step, so the verdict is on the overall figure only.
 *
 * <p>Reads stream from the store through constant-memory accumulators, so months of points cost no memory.
 */
public final class ForecastAccuracy {

    /** The interval coverage the server's time-to-limit watch forecasts with. */
    public static final double DEFAULT_NOMINAL_COVERAGE = 0.9;

    private static final double COVERAGE_TOLERANCE = 1e-9;

    private final ForecastRepository forecasts;
    private final ModelRegistry registry;
    private final Settings settings;

    public ForecastAccuracy(Database db, ModelRegistry registry, Settings settings) {
        this.forecasts = new ForecastRepository(Objects.requireNonNull(db, "db"));
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The KPI the degradation verdict is on, with the validation metric that is its baseline. */
    public enum Kpi {
        MAE("validation_mae"),
        RMSE("validation_rmse");

        private final String baselineMetric;

        Kpi(String baselineMetric) {
            this.baselineMetric = baselineMetric;
        }

        /** The key of the baseline in {@link ModelVersion#validationMetrics()}. */
        public String baselineMetric() {
            return baselineMetric;
        }
    }

    /**
     * Horizon steps grouped: the next reading, the next few, the rest of the first hundred, and beyond. Steps, not
     * durations, because that is what the forecaster and its intervals are calibrated on; 100 steps is 100 min at
     * the fleet's 1-min period, and the demo's 6-h horizon (360 steps) falls mostly in the last bucket.
     */
    public enum StepBucket {
        STEP_1(1, 1, "step 1"),
        STEPS_2_TO_10(2, 10, "steps 2-10"),
        STEPS_11_TO_100(11, 100, "steps 11-100"),
        STEPS_101_PLUS(101, Integer.MAX_VALUE, "steps 101+");

        private final int first;
        private final int last;
        private final String label;

        StepBucket(int first, int last, String label) {
            this.first = first;
            this.last = last;
            this.label = label;
        }

        public int first() {
            return first;
        }

        /** The last step, {@link Integer#MAX_VALUE} for the open bucket. */
        public int last() {
            return last;
        }

        public String label() {
            return label;
        }

        /** The bucket of a horizon step (1 = one period after the origin). */
        public static StepBucket of(int step) {
            if (step < 1) {
                throw new IllegalArgumentException("horizon steps start at 1, was " + step);
            }
            for (StepBucket b : values()) {
                if (step <= b.last) {
                    return b;
                }
            }
            throw new AssertionError(step);
        }
    }

    /**
     * How the accuracy is judged.
     *
     * @param kpi             the KPI of the degradation verdict
     * @param allowedFraction how much worse than the validation baseline is tolerated ({@code 0.2} = 20 %)
     * @param minSamples      the fewest realised points on which a verdict is given
     * @param nominalCoverage the interval coverage whose empirical coverage is measured; points stored with
     *                        intervals of another coverage are left out of it (not out of the errors)
     */
    public record Settings(Kpi kpi, double allowedFraction, long minSamples, double nominalCoverage) {

        public Settings {
            Objects.requireNonNull(kpi, "kpi");
            // the rule checks allowedFraction and minSamples
            new KpiDegradation(kpi.name(), KpiDirection.LOWER_IS_BETTER, allowedFraction, minSamples, "points");
            if (!(nominalCoverage > 0 && nominalCoverage < 1)) {
                throw new IllegalArgumentException("nominal coverage must be in (0, 1), was " + nominalCoverage);
            }
        }

        /** MAE, 20 % worse than validation tolerated, at least 100 realised points, 90 % intervals. */
        public static Settings defaults() {
            return new Settings(Kpi.MAE, 0.2, 100, DEFAULT_NOMINAL_COVERAGE);
        }
    }

    /**
     * Empirical coverage: of the {@code withInterval} realised points with an interval of the nominal coverage,
     * {@code inside} had their actual within {@code [low, high]} (bounds included).
     */
    public record Coverage(long inside, long withInterval, double nominal) {

        /** {@code inside / withInterval}; empty when no point had an interval. */
        public OptionalDouble share() {
            return withInterval == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) inside / withInterval);
        }
    }

    /** The errors and coverage of one bucket of horizon steps; metrics are empty when it has no realised point. */
    public record BucketAccuracy(StepBucket bucket, ForecastErrorSummary errors, Coverage coverage) {
    }

    /**
     * The realised accuracy of one forecaster version.
     *
     * @param label        the version's label ("sensor/forecaster v3"); empty when it is no longer in the registry
     * @param baselineMae  the version's {@code validation_mae}, when recorded
     * @param baselineRmse the version's {@code validation_rmse}, when recorded
     * @param buckets      every {@link StepBucket}, in order, empty ones included
     * @param verdict      the overall KPI against its baseline ({@link DegradationVerdict.Outcome#NO_USABLE_BASELINE}
     *                     when the version has none)
     */
    public record VersionAccuracy(long versionId, Optional<String> label, ForecastErrorSummary overall,
                                  Coverage coverage, List<BucketAccuracy> buckets, OptionalDouble baselineMae,
                                  OptionalDouble baselineRmse, DegradationVerdict verdict) {

        public VersionAccuracy {
            buckets = List.copyOf(buckets);
        }
    }

    /** A sensor's realised accuracy over target times {@code [fromMillis, toMillis)}, per version by id. */
    public record SensorAccuracy(String sensorId, long fromMillis, long toMillis, List<VersionAccuracy> versions) {

        public SensorAccuracy {
            versions = List.copyOf(versions);
        }
    }

    /**
     * The realised accuracy of one sensor's stored forecasts whose target is in {@code [fromMillis, toMillis)};
     * no versions when none has been realised yet.
     *
     * @throws io.prognos.store.StoreException for an unknown sensor
     */
    public SensorAccuracy sensor(String sensorId, long fromMillis, long toMillis) {
        Map<Long, Tally> tallies = new TreeMap<>();
        forecasts.realised(sensorId, fromMillis, toMillis,
                p -> tallies.computeIfAbsent(p.modelVersionId(), id -> new Tally()).add(p, settings.nominalCoverage()));
        List<VersionAccuracy> versions = new ArrayList<>();
        for (Map.Entry<Long, Tally> e : tallies.entrySet()) {
            versions.add(version(e.getKey(), e.getValue()));
        }
        return new SensorAccuracy(sensorId, fromMillis, toMillis, versions);
    }

    /** {@link #sensor} for every sensor that has stored forecasts, in sensor order. */
    public List<SensorAccuracy> all(long fromMillis, long toMillis) {
        List<SensorAccuracy> out = new ArrayList<>();
        for (String sensorId : forecasts.sensors()) {
            out.add(sensor(sensorId, fromMillis, toMillis));
        }
        return out;
    }

    private VersionAccuracy version(long versionId, Tally tally) {
        Optional<ModelVersion> version = registry.find(versionId);
        Map<String, Double> metrics = version.map(ModelVersion::validationMetrics).orElse(Map.of());
        OptionalDouble mae = metric(metrics, Kpi.MAE.baselineMetric());
        OptionalDouble rmse = metric(metrics, Kpi.RMSE.baselineMetric());
        ForecastErrorSummary overall = tally.overall.snapshot();
        // a tally exists only for a version with at least one realised point, so the KPI is defined
        double realised = (settings.kpi() == Kpi.MAE ? overall.mae() : overall.rmse()).getAsDouble();
        double baseline = (settings.kpi() == Kpi.MAE ? mae : rmse).orElse(Double.NaN);
        DegradationVerdict verdict = new KpiDegradation(settings.kpi().name(), KpiDirection.LOWER_IS_BETTER,
                settings.allowedFraction(), settings.minSamples(), "realised forecast points")
                .assess(baseline, realised, overall.count());
        List<BucketAccuracy> buckets = new ArrayList<>();
        for (StepBucket b : StepBucket.values()) {
            Counts c = tally.bucketCoverage.get(b);
            buckets.add(new BucketAccuracy(b, tally.buckets.get(b).snapshot(),
                    new Coverage(c.inside, c.withInterval, settings.nominalCoverage())));
        }
        return new VersionAccuracy(versionId, version.map(ModelVersion::label), overall,
                new Coverage(tally.coverage.inside, tally.coverage.withInterval, settings.nominalCoverage()), buckets,
                mae, rmse, verdict);
    }

    private static OptionalDouble metric(Map<String, Double> metrics, String key) {
        Double v = metrics.get(key);
        return v == null || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static final class Counts {
        long inside;
        long withInterval;

        void add(ForecastRepository.RealisedPair p, double nominal) {
            if (p.hasInterval() && Math.abs(p.coverage() - nominal) < COVERAGE_TOLERANCE) {
                withInterval++;
                if (p.inside()) {
                    inside++;
                }
            }
        }
    }

    /** One version's accumulators. */
    private static final class Tally {
        final ForecastErrorAccumulator overall = new ForecastErrorAccumulator();
        final Counts coverage = new Counts();
        final Map<StepBucket, ForecastErrorAccumulator> buckets = new EnumMap<>(StepBucket.class);
        final Map<StepBucket, Counts> bucketCoverage = new EnumMap<>(StepBucket.class);

        Tally() {
            for (StepBucket b : StepBucket.values()) {
                buckets.put(b, new ForecastErrorAccumulator());
                bucketCoverage.put(b, new Counts());
            }
        }

        void add(ForecastRepository.RealisedPair p, double nominal) {
            overall.add(p.predicted(), p.actual());
            coverage.add(p, nominal);
            StepBucket b = StepBucket.of(p.step());
            buckets.get(b).add(p.predicted(), p.actual());
            bucketCoverage.get(b).add(p, nominal);
        }
    }
}
