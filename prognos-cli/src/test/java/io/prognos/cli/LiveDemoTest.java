package io.prognos.cli;

import io.prognos.store.AnomalyRepository;
import io.prognos.store.Database;
import io.prognos.store.StoredAnomaly;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command end to end: store, simulated history, training, server, embedded broker and
 * the simulator streaming its faults over MQTT; the injected faults must come out as stored anomalies.
 */
class LiveDemoTest {

    private static final Pattern FAULT = Pattern.compile("^\\s+(\\S+)\\s+(\\S+)\\s+from (\\S+Z)", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @Test
    void demoStreamsTheFleetAndDetectsItsFaults() throws Exception {
        Path dir = temp.resolve("demo");
        CliRun run = CliRun.of("demo", "--data-dir", dir.toString(), "--port", "0", "--mqtt-port", "0", "--speed", "1000",
                "--run-for", "50");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Prognos demo is running.").containsPattern("dashboard\\s+http://127.0.0.1:\\d+/")
                .contains("Trained 12 linear Telemanom detectors").contains("Trained 12 ridge forecasters");
        Path token = dir.resolve("admin-token");
        assertThat(Files.readString(token).trim()).startsWith("pgn_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");

        Matcher m = FAULT.matcher(run.out());
        List<String[]> faults = new ArrayList<>();
        while (m.find()) {
            faults.add(new String[]{m.group(1), m.group(2), m.group(3)});
        }
        assertThat(faults).hasSize(5);
        List<StoredAnomaly> anomalies = new AnomalyRepository(Database.open(dir.resolve("prognos.db").toString())).list(null);
        int found = 0;
        for (String[] f : faults) {
            long start = Instant.parse(f[2]).toEpochMilli();
            boolean hit = anomalies.stream().anyMatch(a -> a.sensorId().equals(f[0]) && a.endMillis() >= start
                    && a.startMillis() <= start + 3 * 3_600_000L);
            found += hit ? 1 : 0;
        }
        assertThat(found).as("injected faults found among %s", anomalies).isGreaterThanOrEqualTo(4);

        // a second run replaces the demo's own store
        CliRun again = CliRun.of("demo", "--data-dir", dir.toString(), "--port", "0", "--mqtt-port", "0", "--run-for", "1");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Replacing the previous demo's store");
    }

    @Test
    void demoRefusesADirectoryHoldingAnotherStore() throws Exception {
        Path dir = temp.resolve("real");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("prognos.db"), "");
        CliRun run = CliRun.of("demo", "--data-dir", dir.toString(), "--port", "0", "--mqtt-port", "0", "--run-for", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("holds a store that the demo did not create");
        assertThat(Files.size(dir.resolve("prognos.db"))).isZero();
    }
}
