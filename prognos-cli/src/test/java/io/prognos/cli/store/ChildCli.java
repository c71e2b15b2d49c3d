package io.prognos.cli.store;

import io.prognos.cli.PrognosCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The prognos command in a child JVM, for tests that kill it with SIGKILL mid-work. */
final class ChildCli {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ChildCli(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    static ChildCli start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), PrognosCommand.class.getName()));
        command.addAll(List.of(args));
        return new ChildCli(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits until a printed line matches, or fails after the timeout. */
    String awaitLine(Predicate<String> condition, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (condition.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && !reader.isAlive()) {
                break;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching line; the child printed: " + lines);
    }

    /** SIGKILL, as kill -9: no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5000);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
