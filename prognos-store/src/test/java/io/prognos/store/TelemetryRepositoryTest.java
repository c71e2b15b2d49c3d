package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryRepositoryTest {

    @TempDir
    Path tmp;

    static Database fleet(Dialect dialect, Path tmp) {
        Database db = TestStores.open(dialect, tmp);
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("pump-1", "Pump 1", "pump", "hall A", 4));
        assets.save(new Sensor("pump-1.temp", "pump-1", "bearing temperature", "degC", Duration.ofSeconds(10),
                new Limits(20, 60), new Limits(Double.NaN, 70), new Limits(Double.NaN, 80)));
        assets.save(new Sensor("pump-1.vib", "pump-1", "vibration", "mm/s", Duration.ofSeconds(10), null, null, null));
        return db;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void storesAndReadsBackInTimestampOrderWithMissingValues(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));
        TelemetryRepository.IngestResult result = telemetry.ingest(List.of(
                new TelemetryPoint("pump-1.temp", 3_000, 41.5),
                new TelemetryPoint("pump-1.temp", 1_000, 40.0),
                new TelemetryPoint("pump-1.vib", 1_000, 2.5),
                new TelemetryPoint("pump-1.temp", 2_000, Double.NaN)));

        assertThat(result).isEqualTo(new TelemetryRepository.IngestResult(4, 0));
        TelemetrySeries temp = telemetry.readAll("pump-1.temp");
        assertThat(temp.timestamps()).containsExactly(1_000, 2_000, 3_000);
        assertThat(temp.values()[0]).isEqualTo(40.0);
        assertThat(temp.values()[1]).isNaN();
        assertThat(temp.values()[2]).isEqualTo(41.5);
        assertThat(telemetry.readAll("pump-1.vib").values()).containsExactly(2.5);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void reimportAddsNoDuplicatesAndKeepsTheFirstValue(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));
        long[] ts = new long[10_000];
        double[] values = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 10_000L;
            values[i] = Math.sin(i);
        }
        assertThat(telemetry.ingest("pump-1.temp", ts, values).inserted()).isEqualTo(10_000);

        double[] changed = values.clone();
        changed[5] = 99;
        TelemetryRepository.IngestResult again = telemetry.ingest("pump-1.temp", ts, changed);

        assertThat(again).isEqualTo(new TelemetryRepository.IngestResult(0, 10_000));
        assertThat(telemetry.count("pump-1.temp")).isEqualTo(10_000);
        assertThat(telemetry.readAll("pump-1.temp").values()[5]).isEqualTo(Math.sin(5));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBatchMixingNewAndStoredReadingsStoresOnlyTheNewOnesOnce(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));
        long[] first = {5_000, 6_000, 7_000};
        telemetry.ingest("pump-1.temp", first, new double[] {5, 6, 7});
        long[] ts = new long[8_000];
        double[] values = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 10_000L + i * 1_000L; // the stored readings sit near the end of the batch
            values[i] = i;
        }
        ts[7_998] = 6_000;
        ts[7_999] = 10_000; // repeated inside the batch too

        TelemetryRepository.IngestResult result = telemetry.ingest("pump-1.temp", ts, values);

        assertThat(result).isEqualTo(new TelemetryRepository.IngestResult(7_998, 2));
        TelemetrySeries stored = telemetry.readAll("pump-1.temp");
        assertThat(stored.size()).isEqualTo(8_001);
        assertThat(stored.values()[1]).isEqualTo(6.0);
        assertThat(stored.values()[3]).isEqualTo(0.0);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rangeReadIncludesTheStartAndExcludesTheEnd(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));
        telemetry.ingest("pump-1.temp", new long[] {0, 10, 20, 30, 40}, new double[] {0, 1, 2, 3, 4});

        TelemetrySeries range = telemetry.read("pump-1.temp", 10, 40);

        assertThat(range.timestamps()).containsExactly(10, 20, 30);
        assertThat(range.values()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aBatchWithAnUnknownSensorIsRefusedWholeAndEarlierBatchesStay(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));
        telemetry.ingest(List.of(new TelemetryPoint("pump-1.temp", 1, 1.0)));

        assertThatThrownBy(() -> telemetry.ingest(List.of(
                new TelemetryPoint("pump-1.temp", 2, 2.0),
                new TelemetryPoint("pump-9.temp", 2, 2.0))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("point 1")
                .hasMessageContaining("unknown sensor 'pump-9.temp'");
        assertThat(telemetry.readAll("pump-1.temp").timestamps()).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anInfiniteValueIsRefusedWithItsPosition(Dialect dialect) {
        TelemetryRepository telemetry = new TelemetryRepository(fleet(dialect, tmp));

        assertThatThrownBy(() -> telemetry.ingest("pump-1.temp", new long[] {1, 2, 3},
                new double[] {1, Double.POSITIVE_INFINITY, 3}))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("point 1 (timestamp 2) has an infinite value");
        assertThat(telemetry.count("pump-1.temp")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void committedRowsSurviveReopeningTheStore(Dialect dialect) {
        String location = TestStores.location(dialect, tmp);
        Database first = Database.open(location);
        new AssetRepository(first).save(new Asset("a", "A", null, null, 1));
        new AssetRepository(first).save(new Sensor("a.s", "a", "s", "1", Duration.ofMinutes(1), null, null, null));
        new TelemetryRepository(first).ingest("a.s", new long[] {1, 2}, new double[] {3, 4});

        Database reopened = Database.open(location);

        assertThat(new TelemetryRepository(reopened).readAll("a.s").values()).containsExactly(3, 4);
        assertThat(new AssetRepository(reopened).requireSensor("a.s").samplingPeriod()).isEqualTo(Duration.ofMinutes(1));
    }
}
