package io.prognos.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** 8 threads here and 2 other JVMs register and promote versions of one model at the same time. */
class ModelRegistryConcurrencyTest {

    private static final int THREADS = 8;
    private static final int PROCESSES = 2;
    private static final int ITERATIONS = 15;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void concurrentRegistrationAndPromotionLoseNothingAndLeaveOneProductionVersion(Dialect dialect) throws Exception {
        String location = TestStores.location(dialect, tmp);
        Database db = ModelRegistryTest.withSensor(Database.open(location));

        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), RegistryStressWorker.class.getName(), location,
                    String.valueOf(ITERATIONS), String.valueOf(100 + p)).redirectErrorStream(true).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            threads.add(pool.submit(() -> RegistryStressWorker.run(db, ITERATIONS, seed)));
        }
        for (Future<Integer> f : threads) {
            assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(ITERATIONS);
        }
        pool.shutdown();
        for (Process p : processes) {
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("done " + ITERATIONS);
        }

        ModelRegistry registry = new ModelRegistry(db);
        List<ModelVersion> versions = registry.versions("pump.temp", "detector");
        int total = (THREADS + PROCESSES) * ITERATIONS;
        assertThat(versions).extracting(ModelVersion::version)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(versions).filteredOn(v -> v.stage() == Stage.PRODUCTION).hasSize(1);
        // replaying the audit log ends at the same Production version
        assertThat(registry.productionAt("pump.temp", "detector", Long.MAX_VALUE).map(ModelVersion::versionId))
                .isEqualTo(registry.production("pump.temp", "detector").map(ModelVersion::versionId));
        List<ModelRegistry.StageChange> history = registry.history("pump.temp", "detector");
        long intoProduction = history.stream().filter(c -> c.to() == Stage.PRODUCTION).count();
        long outOfProduction = history.stream().filter(c -> c.from() == Stage.PRODUCTION).count();
        assertThat(intoProduction - outOfProduction).isEqualTo(1);
    }
}
