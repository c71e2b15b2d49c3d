package io.prognos.server.web;

import io.prognos.store.StoredAnomaly;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FoundByTest {

    @Test
    void namesTheOnlineDetectorOrTheModelVersion() {
        assertThat(Dashboard.foundBy(new StoredAnomaly(1, "P-1", null, 0, 0, 1, "HIGH", 0, "knn-cad-range")))
                .isEqualTo("online knn-cad-range");
        assertThat(Dashboard.foundBy(new StoredAnomaly(2, "P-1", 7L, 0, 0, 1, "HIGH", 0, null)))
                .isEqualTo("model version 7");
        assertThat(Dashboard.foundBy(new StoredAnomaly(3, "P-1", null, 0, 0, 1, "HIGH", 0, null))).isEmpty();
    }
}
