package io.prognos.server.monitor.forecast;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.PrognosServer;
import io.prognos.server.ServerSettings;
import io.prognos.server.alert.AlertDispatcher;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.alert.LimitWatch;
import io.prognos.server.alert.WebhookSender;
import io.prognos.store.AlertRepository;
import io.prognos.store.ArtifactStore;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.Dialect;
import io.prognos.store.ForecastRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server's time-to-limit watch stores the forecasts it makes, once per origin, and they are realised and
 * measured as the readings arrive; old points are pruned at most hourly; a store that cannot take them does not
 * stop the watch.
 */
class LimitWatchForecastStoreTest {

    private static final long P = 60_000;
    private static final int HORIZON = 60;

    @TempDir
    Path temp;

    @Test
    void theWatchStoresEachForecastOnceAndItsRealisedAccuracyIsMeasured() throws Exception {
        // readings up to a few minutes ago, so the server's own hourly prune (real clock, 30 days) keeps them
        long t0 = (System.currentTimeMillis() / P) * P - 3_200 * P;
        Database db = TestStores.open(Dialect.SQLITE, temp);
        PipelineContext context = new PipelineContext(db, new ArtifactStore(temp.resolve("artifacts")), "test");
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("PUMP-1", "Pump 1", "pump", "hall", 4));
        assets.save(new Sensor("P1-TEMP", "PUMP-1", "Temperature", "degC", Duration.ofMinutes(1), null,
                new Limits(Double.NaN, 80), new Limits(Double.NaN, 90)));
        int n = 3000;
        Random random = new Random(7);
        TelemetryRepository telemetry = new TelemetryRepository(db);
        telemetry.ingest("P1-TEMP", times(t0, 0, n), signal(0, n, random));
        try (PrognosServer server = PrognosServer.start(context,
                ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt())) {
            SensorTrainer.Outcome trained = new SensorForecaster(context).train("P1-TEMP", HORIZON,
                    TrainingOptions.defaults());
            assertThat(trained.status()).as(trained.message()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
            ModelVersion version = context.registry().production("P1-TEMP", SensorForecaster.KIND).orElseThrow();
            Sensor sensor = assets.requireSensor("P1-TEMP");
            ForecastRepository forecasts = new ForecastRepository(db);

            assertThat(server.limitWatch().risks(sensor)).hasSize(2);
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(HORIZON);
            // no new reading: the same origin is not stored again, neither by this watch nor by a new one
            assertThat(server.limitWatch().risks(sensor)).hasSize(2);
            assertThat(newWatch(context, Duration.ofDays(30)).risks(sensor)).hasSize(2);
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(HORIZON);
            long origin = t0 + (n - 1) * P;
            assertThat(forecasts.realised("P1-TEMP", 0, Long.MAX_VALUE)).as("nothing has happened yet").isEmpty();

            // half the horizon arrives: those points are realised and measured against the version's validation
            int arrived = HORIZON / 2;
            telemetry.ingest("P1-TEMP", times(t0, n, arrived), signal(n, arrived, random));
            ForecastAccuracy.SensorAccuracy accuracy = new ForecastAccuracy(db, context.registry(),
                    ForecastAccuracy.Settings.defaults()).sensor("P1-TEMP", 0, Long.MAX_VALUE);
            assertThat(accuracy.versions()).hasSize(1);
            ForecastAccuracy.VersionAccuracy v = accuracy.versions().get(0);
            assertThat(v.versionId()).isEqualTo(version.versionId());
            assertThat(v.overall().count()).isEqualTo(arrived);
            assertThat(v.buckets()).extracting(b -> b.errors().count()).containsExactly(1L, 9L, 20L, 0L);
            assertThat(v.baselineMae()).hasValue(version.validationMetrics().get("validation_mae"));
            // the sine with noise 0.3 is forecast well: about the validation error, far below the amplitude 2
            assertThat(v.overall().mae().getAsDouble()).isPositive().isLessThan(1.0);
            assertThat(v.coverage().withInterval()).isEqualTo(arrived);
            assertThat(v.coverage().share().getAsDouble()).isGreaterThan(0.5);
            assertThat(v.verdict().samples()).isEqualTo(arrived);
            assertThat(forecasts.realised("P1-TEMP", 0, Long.MAX_VALUE)).allSatisfy(p -> {
                assertThat(p.originMillis()).isEqualTo(origin);
                assertThat(p.targetMillis()).isEqualTo(origin + p.step() * P);
            });

            // half an hour later the origin has moved, but less than the storing interval: not stored
            assertThat(server.limitWatch().risks(sensor)).hasSize(2);
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(HORIZON);
            // an hour after the stored origin, the next forecast is stored
            int moved = 60;
            telemetry.ingest("P1-TEMP", times(t0, n + arrived, moved - arrived), signal(n + arrived, moved - arrived, random));
            assertThat(server.limitWatch().risks(sensor)).hasSize(2);
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(2 * HORIZON);

            // pruning, at most once an hour: the first check prunes, one half an hour later does not
            LimitWatch watch = newWatch(context, Duration.ofDays(1));
            long lastTarget = origin + (moved + HORIZON) * P;
            long now = lastTarget + Duration.ofDays(1).toMillis() - 9 * P;   // the last 10 targets are kept
            watch.check(now);
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(10);
            watch.check(now + Duration.ofMinutes(30).toMillis());
            assertThat(forecasts.count("P1-TEMP")).isEqualTo(10);
            watch.check(now + Duration.ofMinutes(61).toMillis());
            assertThat(forecasts.count("P1-TEMP")).isZero();

            // a store that cannot take forecasts does not stop the watch
            db.jdbi().useHandle(h -> h.execute("DROP TABLE forecast_point"));
            assertThat(newWatch(context, Duration.ofDays(30)).risks(sensor)).hasSize(2);
        }
    }

    private static LimitWatch newWatch(PipelineContext context, Duration retention) {
        AlertRepository alerts = new AlertRepository(context.db());
        AlertEngine engine = new AlertEngine(context.db(),
                new AlertDispatcher(alerts, new WebhookSender(alerts, Duration.ofSeconds(1)), null), Duration.ofMinutes(10));
        return new LimitWatch(context, engine, retention);
    }

    private static long[] times(long t0, int from, int count) {
        long[] ts = new long[count];
        for (int i = 0; i < count; i++) {
            ts[i] = t0 + (from + i) * P;
        }
        return ts;
    }

    private static double[] signal(int from, int count, Random random) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = 50 + 2 * Math.sin(2 * Math.PI * (from + i) / 120.0) + 0.3 * random.nextGaussian();
        }
        return values;
    }
}
