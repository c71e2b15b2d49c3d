package io.prognos.server.monitor.forecast;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.Dialect;
import io.prognos.store.ForecastRepository;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.NewModelVersion;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Realised accuracy of stored forecasts, on a generated case whose errors and coverage are known. */
class ForecastAccuracyTest {

    private static final long P = 60_000;
    private static final long T0 = 1_767_225_600_000L;
    private static final int LAST_READING = 24;   // readings at T0 + k * P for k = 0..24
    private static final int ORIGINS = 10;        // version A forecasts from T0 + o * P, o = 0..9
    private static final int HORIZON = 20;

    @TempDir
    Path tmp;

    private static double actual(int k) {
        return k % 5;   // 0 (left out of MAPE), 1, 2, 3, 4
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void forecastsOneAboveTheActualsGiveMaeOneKnownCoverageAndADegradationAgainstTheirBaseline(Dialect dialect) {
        Database db = TestStores.open(dialect, tmp);
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("A", "Asset", "pump", "hall", 3));
        assets.save(new Sensor("S", "A", "Temperature", "degC", Duration.ofMinutes(1), null, null, null));
        assets.save(new Sensor("QUIET", "A", "Flow", "m3/h", Duration.ofMinutes(1), null, null, null));
        ModelRegistry registry = new ModelRegistry(db);
        ModelVersion a = registry.register(version(Map.of("validation_mae", 0.5, "validation_rmse", 0.9)));
        ModelVersion b = registry.register(version(Map.of("validation_mae", 0.5, "validation_rmse", 0.5)));
        long missing = b.versionId() + 100;   // a version no longer in the registry

        long[] ts = new long[LAST_READING + 1];
        double[] values = new double[ts.length];
        for (int k = 0; k <= LAST_READING; k++) {
            ts[k] = T0 + k * P;
            values[k] = actual(k);
        }
        new TelemetryRepository(db).ingest("S", ts, values);

        // version A: every forecast exactly 1.0 above the actual; the interval holds the actual on even steps only
        ForecastRepository forecasts = new ForecastRepository(db);
        for (int o = 0; o < ORIGINS; o++) {
            double[] predicted = new double[HORIZON];
            double[] low = new double[HORIZON];
            double[] high = new double[HORIZON];
            for (int i = 0; i < HORIZON; i++) {
                int step = i + 1;
                predicted[i] = actual(o + step) + 1.0;
                low[i] = step % 2 == 0 ? predicted[i] - 1.5 : predicted[i] - 0.5;
                high[i] = predicted[i] + 0.5;
            }
            forecasts.save(forecast(a.versionId(), o, predicted, low, high), 0);
        }
        // version B: 0.5 below the actual, 5 steps from origin 0; the missing version: 3 steps from origin 1
        double[] below = new double[5];
        for (int i = 0; i < below.length; i++) {
            below[i] = actual(i + 1) - 0.5;
        }
        forecasts.save(forecast(b.versionId(), 0, below, below, below), 0);
        forecasts.save(forecast(missing, 1, new double[] {7, 7, 7}, new double[3], new double[3]), 0);

        // what version A's realised pairs should give, counted independently
        long count = 0;
        long inside = 0;
        long mapeSkipped = 0;
        double sumApe = 0;
        double sumSape = 0;
        long[] bucketCount = new long[4];
        long[] bucketInside = new long[4];
        for (int o = 0; o < ORIGINS; o++) {
            for (int step = 1; step <= HORIZON && o + step <= LAST_READING; step++) {
                double y = actual(o + step);
                count++;
                int bucket = step == 1 ? 0 : step <= 10 ? 1 : 2;
                bucketCount[bucket]++;
                if (step % 2 == 0) {
                    inside++;
                    bucketInside[bucket]++;
                }
                if (y == 0) {
                    mapeSkipped++;
                } else {
                    sumApe += 1.0 / y;
                }
                sumSape += 2.0 / (y + 1 + y);
            }
        }
        assertThat(count).as("forecast points past the last reading are not realised").isLessThan(ORIGINS * HORIZON);

        ForecastAccuracy accuracy = new ForecastAccuracy(db, registry,
                new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.MAE, 0.2, 5, 0.9));
        ForecastAccuracy.SensorAccuracy s = accuracy.sensor("S", 0, Long.MAX_VALUE);
        assertThat(s.versions()).extracting(ForecastAccuracy.VersionAccuracy::versionId)
                .containsExactly(a.versionId(), b.versionId(), missing);

        ForecastAccuracy.VersionAccuracy va = s.versions().get(0);
        assertThat(va.label()).contains(a.label());
        assertThat(va.overall().count()).isEqualTo(count);
        assertThat(va.overall().mae().getAsDouble()).isEqualTo(1.0);
        assertThat(va.overall().rmse().getAsDouble()).isEqualTo(1.0);
        assertThat(va.overall().mapeSkipped()).isEqualTo(mapeSkipped).isPositive();
        assertThat(va.overall().mapeCount()).isEqualTo(count - mapeSkipped);
        assertThat(va.overall().mape().getAsDouble()).isCloseTo(sumApe / (count - mapeSkipped), within(1e-12));
        assertThat(va.overall().smape().getAsDouble()).isCloseTo(sumSape / count, within(1e-12));
        assertThat(va.coverage().withInterval()).isEqualTo(count);
        assertThat(va.coverage().inside()).isEqualTo(inside);
        assertThat(va.coverage().nominal()).isEqualTo(0.9);
        assertThat(va.coverage().share().getAsDouble()).isEqualTo((double) inside / count).isLessThan(0.6);
        assertThat(va.buckets()).extracting(ForecastAccuracy.BucketAccuracy::bucket)
                .containsExactly(ForecastAccuracy.StepBucket.values());
        for (int i = 0; i < 4; i++) {
            ForecastAccuracy.BucketAccuracy bucket = va.buckets().get(i);
            assertThat(bucket.errors().count()).as(bucket.bucket().label()).isEqualTo(bucketCount[i]);
            assertThat(bucket.coverage().inside()).as(bucket.bucket().label()).isEqualTo(bucketInside[i]);
            if (bucketCount[i] > 0) {
                assertThat(bucket.errors().mae().getAsDouble()).isEqualTo(1.0);
            } else {
                assertThat(bucket.errors().mae()).isEmpty();
                assertThat(bucket.coverage().share()).isEmpty();
            }
        }
        assertThat(bucketCount[0]).isEqualTo(ORIGINS);
        assertThat(bucketInside[0]).as("step 1 is odd: never inside").isZero();
        assertThat(va.baselineMae()).hasValue(0.5);
        assertThat(va.baselineRmse()).hasValue(0.9);
        assertThat(va.verdict().outcome()).isEqualTo(DegradationVerdict.Outcome.DEGRADED);
        assertThat(va.verdict().baseline()).isEqualTo(0.5);
        assertThat(va.verdict().realised()).isEqualTo(1.0);
        assertThat(va.verdict().relativeChange().getAsDouble()).isEqualTo(1.0);

        ForecastAccuracy.VersionAccuracy vb = s.versions().get(1);
        assertThat(vb.overall().count()).isEqualTo(5);
        assertThat(vb.overall().mae().getAsDouble()).isEqualTo(0.5);
        assertThat(vb.verdict().outcome()).isEqualTo(DegradationVerdict.Outcome.WITHIN_TOLERANCE);
        assertThat(vb.coverage().inside()).as("a zero-width interval at the forecast misses every actual").isZero();

        ForecastAccuracy.VersionAccuracy vm = s.versions().get(2);
        assertThat(vm.label()).isEmpty();
        assertThat(vm.baselineMae()).isEmpty();
        assertThat(vm.overall().count()).isEqualTo(3);
        assertThat(vm.verdict().outcome()).isEqualTo(DegradationVerdict.Outcome.NO_USABLE_BASELINE);

        // on RMSE, version A's 1.0 is 11 % above its 0.9: within the allowed 20 %; one sample short of the minimum,
        // no verdict
        ForecastAccuracy byRmse = new ForecastAccuracy(db, registry,
                new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.RMSE, 0.2, 5, 0.9));
        assertThat(byRmse.sensor("S", 0, Long.MAX_VALUE).versions().get(0).verdict().outcome())
                .isEqualTo(DegradationVerdict.Outcome.WITHIN_TOLERANCE);
        ForecastAccuracy strict = new ForecastAccuracy(db, registry,
                new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.MAE, 0.2, count + 1, 0.9));
        assertThat(strict.sensor("S", 0, Long.MAX_VALUE).versions().get(0).verdict().outcome())
                .isEqualTo(DegradationVerdict.Outcome.INSUFFICIENT_SAMPLES);
        // coverage is measured against the nominal it was stored with only
        ForecastAccuracy other = new ForecastAccuracy(db, registry,
                new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.MAE, 0.2, 5, 0.8));
        assertThat(other.sensor("S", 0, Long.MAX_VALUE).versions().get(0).coverage().withInterval()).isZero();

        // a target range: only targets T0 + P (steps 1 of origin 0) are in [T0 + P, T0 + 2P)
        ForecastAccuracy.SensorAccuracy first = accuracy.sensor("S", T0 + P, T0 + 2 * P);
        assertThat(first.versions()).extracting(v -> v.overall().count()).containsExactly(1L, 1L);
        assertThat(accuracy.sensor("QUIET", 0, Long.MAX_VALUE).versions()).isEmpty();
        assertThat(accuracy.all(0, Long.MAX_VALUE)).extracting(ForecastAccuracy.SensorAccuracy::sensorId)
                .containsExactly("S");
    }

    @Test
    void stepBucketsCoverEveryStepOnce() {
        assertThat(ForecastAccuracy.StepBucket.of(1)).isEqualTo(ForecastAccuracy.StepBucket.STEP_1);
        assertThat(ForecastAccuracy.StepBucket.of(2)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_2_TO_10);
        assertThat(ForecastAccuracy.StepBucket.of(10)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_2_TO_10);
        assertThat(ForecastAccuracy.StepBucket.of(11)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_11_TO_100);
        assertThat(ForecastAccuracy.StepBucket.of(100)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_11_TO_100);
        assertThat(ForecastAccuracy.StepBucket.of(101)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_101_PLUS);
        assertThat(ForecastAccuracy.StepBucket.of(Integer.MAX_VALUE)).isEqualTo(ForecastAccuracy.StepBucket.STEPS_101_PLUS);
        assertThatThrownBy(() -> ForecastAccuracy.StepBucket.of(0)).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.MAE, -0.1, 5, 0.9))
                .hasMessageContaining("allowed fraction");
        assertThatThrownBy(() -> new ForecastAccuracy.Settings(ForecastAccuracy.Kpi.MAE, 0.2, 5, 1.0))
                .hasMessageContaining("nominal coverage");
    }

    private static NewModelVersion version(Map<String, Double> metrics) {
        return new NewModelVersion("S", "forecaster", null, null, null, "ridge-forecaster", "{\"horizon\": 20}", "test",
                metrics);
    }

    private static ForecastRepository.NewForecast forecast(long version, int origin, double[] predicted, double[] low,
                                                           double[] high) {
        long[] targets = new long[predicted.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = T0 + (origin + i + 1) * P;
        }
        return new ForecastRepository.NewForecast("S", version, T0 + origin * P, P, 0.9, targets, predicted, low, high);
    }
}
