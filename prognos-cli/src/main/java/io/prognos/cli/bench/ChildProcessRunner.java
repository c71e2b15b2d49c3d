package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs each channel in a child JVM ({@code prognos bench nasa-channel}), so that several deep models
 * train at once: DJL allows one gradient tape per process. The child inherits this process's
 * environment (including the allocator settings of the launcher) and writes its {@link
 * NasaBenchmark.ChannelRun} as JSON.
 */
final class ChildProcessRunner implements NasaBenchmark.ChannelRunner {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final List<String> baseCommand;

    /** @param workerArguments arguments after {@code bench nasa-channel}, except {@code --chan} and {@code --result} */
    ChildProcessRunner(List<String> workerArguments) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_threads=1");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.prognos.cli.PrognosCommand");
        command.add("bench");
        command.add("nasa-channel");
        command.addAll(workerArguments);
        this.baseCommand = List.copyOf(command);
    }

    @Override
    public NasaBenchmark.ChannelRun run(String chanId, BiConsumer<String, String> onEpoch) {
        Path result = null;
        try {
            result = Files.createTempFile("prognos-" + chanId + "-", ".json");
            List<String> command = new ArrayList<>(baseCommand);
            command.add("--chan");
            command.add(chanId);
            command.add("--result");
            command.add(result.toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith(ChannelWorkerCommand.EPOCH_PREFIX)) {
                        onEpoch.accept(chanId, line.substring(ChannelWorkerCommand.EPOCH_PREFIX.length()));
                    } else if (!line.startsWith("[W")) {
                        output.add(line);
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || Files.size(result) == 0) {
                return NasaBenchmark.failed(chanId, new IOException("worker for " + chanId + " exited with " + exit
                        + (output.isEmpty() ? "" : ": " + String.join(" | ", output.subList(Math.max(0, output.size() - 5),
                        output.size())))));
            }
            return JSON.readValue(result.toFile(), NasaBenchmark.ChannelRun.class);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NasaBenchmark.failed(chanId, e);
        } catch (IOException | RuntimeException e) {
            return NasaBenchmark.failed(chanId, e);
        } finally {
            if (result != null) {
                try {
                    Files.deleteIfExists(result);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
