package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssetRepositoryTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void sensorsRoundTripWithTheirLimitsAndUpsertReplacesThem(Dialect dialect) {
        AssetRepository assets = new AssetRepository(TestStores.open(dialect, tmp));
        assets.save(new Asset("p-101", "Pump P-101", "centrifugal pump", "site 3", 5));
        Sensor sensor = new Sensor("p-101.discharge-temp", "p-101", "discharge temperature", "degC",
                Duration.ofSeconds(30), new Limits(40, 70), new Limits(Double.NaN, 85), new Limits(10, 95));
        assets.save(sensor);

        assertThat(assets.requireSensor("p-101.discharge-temp")).isEqualTo(sensor);

        Sensor changed = new Sensor(sensor.id(), "p-101", "discharge temperature", "degC", Duration.ofSeconds(60),
                sensor.normalRange(), new Limits(Double.NaN, 80), sensor.critical());
        assets.save(changed);
        assertThat(assets.sensors("p-101")).singleElement().isEqualTo(changed);
        assertThat(assets.assets()).extracting(Asset::criticality).containsExactly(5);
        assertThat(assets.sensors(null)).containsExactly(changed);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aSensorOfAnUnknownAssetIsRefused(Dialect dialect) {
        AssetRepository assets = new AssetRepository(TestStores.open(dialect, tmp));

        assertThatThrownBy(() -> assets.save(new Sensor("x.t", "x", "t", "K", Duration.ofSeconds(1), null, null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("asset 'x', which does not exist");
        assertThatThrownBy(() -> assets.requireSensor("x.t")).hasMessageContaining("unknown sensor 'x.t'");
    }
}
