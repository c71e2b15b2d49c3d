package io.prognos.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training jobs as stored by the server, on SQLite and PostgreSQL (migration V7). */
class TrainingJobRepositoryTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void jobsAreCreatedUpdatedAndListedNewestFirst(Dialect dialect) {
        TrainingJobRepository jobs = new TrainingJobRepository(TestStores.open(dialect, tmp));
        long first = jobs.create("detector", "queued", "ana", 1_000, "{\"a\":1}");
        long second = jobs.create("forecaster", "queued", "bo", 2_000, "{}");
        assertThat(second).isGreaterThan(first);
        jobs.update(first, "succeeded", 1_500L, "{\"a\":2}");

        assertThat(jobs.recent(10)).containsExactly(
                new TrainingJobRepository.StoredJob(second, "forecaster", "queued", "bo", 2_000, null, "{}"),
                new TrainingJobRepository.StoredJob(first, "detector", "succeeded", "ana", 1_000, 1_500L, "{\"a\":2}"));
        assertThat(jobs.recent(1)).hasSize(1);
        assertThatThrownBy(() -> jobs.create("classifier", "queued", "ana", 1, "{}")).hasMessageContaining("kind");
        assertThatThrownBy(() -> jobs.update(first, "done", null, "{}")).hasMessageContaining("state");
        assertThatThrownBy(() -> jobs.update(99, "failed", 1L, "{}")).isInstanceOf(StoreException.class)
                .hasMessageContaining("99");
    }
}
