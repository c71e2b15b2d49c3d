package io.prognos.store;

import java.util.Map;
import java.util.Random;

/**
 * Registers and promotes versions of the test model as fast as it can; run in several threads and
 * as a separate JVM by {@link ModelRegistryConcurrencyTest}. Prints "done N" with the number of
 * versions it registered.
 */
public final class RegistryStressWorker {

    private RegistryStressWorker() {
    }

    public static void main(String[] args) {
        Database db = Database.open(args[0]);
        int count = run(db, Integer.parseInt(args[1]), Long.parseLong(args[2]));
        System.out.println("done " + count);
    }

    static int run(Database db, int iterations, long seed) {
        ModelRegistry registry = new ModelRegistry(db);
        Random random = new Random(seed);
        for (int i = 0; i < iterations; i++) {
            ModelVersion v = registry.register(new NewModelVersion("pump.temp", "detector", null, null, null, "stress",
                    "{}", "test", Map.of("validation_mse", random.nextDouble())));
            if (random.nextBoolean()) {
                registry.transition(v.versionId(), Stage.PRODUCTION, "worker-" + seed, "forced");
            } else {
                registry.promoteIfBetter(v.versionId(), "validation_mse", true, "worker-" + seed);
            }
        }
        return iterations;
    }
}
