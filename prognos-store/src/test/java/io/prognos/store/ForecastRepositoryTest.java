package io.prognos.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored forecast points and their realised pairs, on SQLite and PostgreSQL (migration V9). */
class ForecastRepositoryTest {

    private static final long P = 10_000;   // the fleet's sensors read every 10 s
    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aForecastIsStoredOncePerOriginAndRealisedOnlyWhereActualsExist(Dialect dialect) {
        Database db = TelemetryRepositoryTest.fleet(dialect, tmp);
        ForecastRepository forecasts = new ForecastRepository(db);
        TelemetryRepository telemetry = new TelemetryRepository(db);
        long origin = T0;
        ForecastRepository.NewForecast f = forecast("pump-1.temp", 7, origin, new double[] {41, 42, 43, 44},
                new double[] {40, 40, 40, Double.NaN}, new double[] {42, 42, 42, Double.NaN});

        assertThat(forecasts.save(f, 1)).isEqualTo(4);
        assertThat(forecasts.save(f, 2)).as("the same origin again").isZero();
        assertThat(forecasts.count("pump-1.temp")).isEqualTo(4);
        // another version from the same origin is another forecast
        assertThat(forecasts.save(forecast("pump-1.temp", 8, origin, new double[] {50, 50, 50, 50},
                new double[4], new double[4]), 3)).isEqualTo(4);
        assertThat(forecasts.count("pump-1.temp")).isEqualTo(8);
        assertThat(forecasts.sensors()).containsExactly("pump-1.temp");

        // actuals: step 1 exactly on the target; step 2 missing (NaN reading); step 3 two jittered readings either
        // side of its target, at the edges of its grid point [target - P/2, target + P/2); step 4 no reading yet;
        // a reading of the other sensor at step 4
        telemetry.ingest("pump-1.temp", new long[] {origin, origin + P, origin + 2 * P, origin + 3 * P - P / 2,
                origin + 3 * P + P / 2 - 1}, new double[] {39, 41.5, Double.NaN, 40, 44});
        telemetry.ingest("pump-1.vib", new long[] {origin + 4 * P}, new double[] {1});

        List<ForecastRepository.RealisedPair> pairs = forecasts.realised("pump-1.temp", 0, Long.MAX_VALUE);
        assertThat(pairs).extracting(ForecastRepository.RealisedPair::targetMillis)
                .containsExactly(origin + P, origin + P, origin + 3 * P, origin + 3 * P);
        ForecastRepository.RealisedPair first = pairs.get(0);
        assertThat(first.modelVersionId()).isEqualTo(7);
        assertThat(first.originMillis()).isEqualTo(origin);
        assertThat(first.step()).isEqualTo(1);
        assertThat(first.predicted()).isEqualTo(41);
        assertThat(first.actual()).isEqualTo(41.5);
        assertThat(first.readings()).isEqualTo(1);
        assertThat(first.low()).isEqualTo(40);
        assertThat(first.high()).isEqualTo(42);
        assertThat(first.coverage()).isEqualTo(0.9);
        assertThat(first.inside()).isTrue();
        assertThat(pairs.get(1).modelVersionId()).isEqualTo(8);
        ForecastRepository.RealisedPair third = pairs.get(2);
        assertThat(third.step()).isEqualTo(3);
        // 40 and 44 share the target's grid point (a reading at target + P/2 would belong to the next one)
        assertThat(third.actual()).isEqualTo(42.0);
        assertThat(third.readings()).isEqualTo(2);
        assertThat(third.inside()).isTrue();

        // the range is on target time, from inclusive, to exclusive
        assertThat(forecasts.realised("pump-1.temp", origin + 2 * P, origin + 3 * P)).isEmpty();
        assertThat(forecasts.realised("pump-1.temp", origin + 3 * P, origin + 3 * P + 1)).hasSize(2);
        assertThat(forecasts.realised("pump-1.vib", 0, Long.MAX_VALUE)).isEmpty();

        // the reading arriving later realises step 4, whose missing interval stays missing
        telemetry.ingest("pump-1.temp", new long[] {origin + 4 * P}, new double[] {45});
        ForecastRepository.RealisedPair fourth = forecasts.realised("pump-1.temp", origin + 4 * P, origin + 4 * P + 1)
                .get(0);
        assertThat(fourth.step()).isEqualTo(4);
        assertThat(fourth.hasInterval()).isFalse();
        assertThat(fourth.inside()).isFalse();
        assertThat(fourth.low()).isNaN();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void pruneDeletesPointsWhoseTargetIsOlderThanTheCutOff(Dialect dialect) {
        Database db = TelemetryRepositoryTest.fleet(dialect, tmp);
        ForecastRepository forecasts = new ForecastRepository(db);
        forecasts.save(forecast("pump-1.temp", 1, T0, new double[] {1, 2, 3}, new double[3], new double[3]), 0);
        forecasts.save(forecast("pump-1.vib", 2, T0 + P, new double[] {1, 2}, new double[2], new double[2]), 0);

        assertThat(forecasts.prune(T0 + 2 * P)).as("targets T0 + P of the first").isEqualTo(1);
        assertThat(forecasts.count("pump-1.temp")).isEqualTo(2);
        assertThat(forecasts.count("pump-1.vib")).isEqualTo(2);
        assertThat(forecasts.prune(T0 + 3 * P + 1)).isEqualTo(4);
        assertThat(forecasts.count("pump-1.temp")).isZero();
        assertThat(forecasts.count("pump-1.vib")).isZero();
        assertThat(forecasts.sensors()).isEmpty();
        assertThat(forecasts.prune(Long.MAX_VALUE)).isZero();
        // a pruned origin can be stored again (the watch only stores origins it has not stored since it started)
        assertThat(forecasts.save(forecast("pump-1.vib", 2, T0 + P, new double[] {1, 2}, new double[2],
                new double[2]), 0)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badForecastsAndUnknownSensorsAreRefused(Dialect dialect) {
        ForecastRepository forecasts = new ForecastRepository(TelemetryRepositoryTest.fleet(dialect, tmp));
        assertThatThrownBy(() -> forecasts.save(forecast("nope", 1, T0, new double[] {1}, new double[1],
                new double[1]), 0)).isInstanceOf(StoreException.class).hasMessageContaining("unknown sensor 'nope'");
        assertThatThrownBy(() -> forecasts.realised("nope", 0, 1)).hasMessageContaining("unknown sensor");
        assertThatThrownBy(() -> new ForecastRepository.NewForecast("pump-1.temp", 1, T0, P, 0.9,
                new long[] {T0 + P, T0 + 3 * P}, new double[2], new double[2], new double[2]))
                .hasMessageContaining("not on the grid");
        assertThatThrownBy(() -> forecast("pump-1.temp", 1, T0, new double[] {Double.NaN}, new double[1],
                new double[1])).hasMessageContaining("not finite");
        assertThatThrownBy(() -> new ForecastRepository.NewForecast("pump-1.temp", 1, T0, P, 1.0,
                new long[] {T0 + P}, new double[1], new double[1], new double[1])).hasMessageContaining("coverage");
        assertThat(forecasts.count("pump-1.temp")).isZero();
    }

    private static ForecastRepository.NewForecast forecast(String sensor, long version, long origin, double[] predicted,
                                                           double[] low, double[] high) {
        long[] targets = new long[predicted.length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = origin + (i + 1) * P;
        }
        return new ForecastRepository.NewForecast(sensor, version, origin, P, 0.9, targets, predicted, low, high);
    }
}
