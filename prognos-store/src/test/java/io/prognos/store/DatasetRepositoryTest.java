package io.prognos.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetRepositoryTest {

    @TempDir
    Path tmp;

    private static TelemetrySeries series(double last) {
        return new TelemetrySeries("s", new long[] {1, 2, 3}, new double[] {1.0, Double.NaN, last});
    }

    @Test
    void theHashDependsOnEveryRowAndNothingElse() {
        String a = new DatasetHasher().add(series(3.0)).hash();

        assertThat(new DatasetHasher().add(series(3.0)).hash()).isEqualTo(a);
        assertThat(new DatasetHasher().add(series(3.0000000001)).hash()).isNotEqualTo(a);
        assertThat(new DatasetHasher().add(new TelemetrySeries("t", new long[] {1, 2, 3},
                new double[] {1.0, Double.NaN, 3.0})).hash()).isNotEqualTo(a);
        assertThat(new DatasetHasher().add(new TelemetrySeries("s", new long[] {1, 2},
                new double[] {1.0, Double.NaN})).hash()).isNotEqualTo(a);
        assertThat(new DatasetHasher().describe("scaler=NONE").add(series(3.0)).hash()).isNotEqualTo(a);
        assertThat(a).hasSize(64);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void lineageWalksFromADerivedVersionBackToTheRawData(Dialect dialect) {
        DatasetRepository datasets = new DatasetRepository(TestStores.open(dialect, tmp));
        String raw = new DatasetHasher().add(series(3)).hash();
        datasets.save(new DatasetVersion(raw, List.of("s"), 1, 3, 3, null, Map.of()));
        String scaled = new DatasetHasher().add(series(4)).hash();
        datasets.save(new DatasetVersion(scaled, List.of("s"), 1, 3, 3, raw, Map.of("scaling", "zscore")));
        datasets.save(new DatasetVersion(scaled, List.of("s"), 1, 3, 3, raw, Map.of("scaling", "zscore")));

        List<DatasetVersion> lineage = datasets.lineage(scaled);

        assertThat(lineage).extracting(DatasetVersion::hash).containsExactly(scaled, raw);
        assertThat(lineage.get(0).preprocessing()).containsEntry("scaling", "zscore");
        assertThatThrownBy(() -> datasets.save(new DatasetVersion("f".repeat(64), List.of("s"), 0, 0, 0, "e".repeat(64),
                Map.of()))).hasMessageContaining("which is not stored");
    }
}
