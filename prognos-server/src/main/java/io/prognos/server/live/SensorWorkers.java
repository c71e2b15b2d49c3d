package io.prognos.server.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The worker threads a scoring pass spreads its sensors over: one per core, at most 4 (ingest and the database need
 * the rest). Each sensor of a pass is handled by one worker; the pass waits for all of them.
 */
final class SensorWorkers implements AutoCloseable {

    private final int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final ExecutorService pool;

    /** @param threadName the name of the workers' (daemon) threads */
    SensorWorkers(String threadName) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code task} once for every sensor and waits; a task's exception is rethrown (unchecked) after the other
     * workers finished their share.
     *
     * @return false when the waiting thread was interrupted (its interrupt flag is set again); some sensors may then
     *         not have been handled
     */
    boolean forEach(List<String> sensors, Consumer<String> task) {
        int slices = Math.min(threads, sensors.size());
        if (slices <= 1) {
            sensors.forEach(task);
            return true;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            int slice = k;
            futures.add(pool.submit(() -> {
                for (int i = slice; i < sensors.size(); i += slices) {
                    task.accept(sensors.get(i));
                }
            }));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
