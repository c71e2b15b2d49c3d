package io.prognos.cli.store;

import io.prognos.cli.PrognosCommand;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.Stage;
import io.prognos.store.TelemetryRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 during ingest and during fleet training, then recovery, against a real SQLite file. */
class CrashRecoveryTest {

    private static final Pattern STORED = Pattern.compile("stored rows [\\d,]+-([\\d,]+) of");

    @TempDir
    Path tmp;

    private static int run(String... args) {
        return PrognosCommand.newCommandLine().execute(args);
    }

    @Test
    void killedIngestLosesNoAcknowledgedBatchAndReimportAddsNoDuplicates() throws Exception {
        Path db = tmp.resolve("store.db");
        Database database = Database.open(db.toString());
        new AssetRepository(database).save(new Asset("rig", "Rig", null, null, 2));
        new AssetRepository(database).save(new Sensor("rig.t", "rig", "t", "K", Duration.ofSeconds(1), null, null, null));
        int rows = 1_000_000;
        Path csv = tmp.resolve("t.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("timestamp,value\n");
            for (int i = 0; i < rows; i++) {
                w.write(Long.toString(1_600_000_000_000L + i * 1000L));
                w.write(',');
                w.write(Double.toString(i % 977 / 10.0));
                w.write('\n');
            }
        }

        ChildCli child = ChildCli.start("ingest", csv.toString(), "--sensor", "rig.t", "--db", db.toString(),
                "--data-dir", tmp.toString());
        String acknowledged = child.awaitLine(l -> STORED.matcher(l).find(), 120);
        boolean killedMidway = child.isAlive();
        child.kill();

        long acknowledgedRows = 0;
        for (String line : child.lines()) {
            Matcher m = STORED.matcher(line);
            if (m.find()) {
                acknowledgedRows = Long.parseLong(m.group(1).replace(",", ""));
            }
        }
        assertThat(acknowledged).isNotNull();
        assertThat(killedMidway).as("the child was still ingesting when killed").isTrue();
        TelemetryRepository telemetry = new TelemetryRepository(Database.open(db.toString()));
        long afterCrash = telemetry.count("rig.t");
        assertThat(afterCrash).isGreaterThanOrEqualTo(acknowledgedRows).isLessThan(rows);
        assertThat(afterCrash % 100_000).as("only whole batches are stored").isZero();

        assertThat(run("ingest", csv.toString(), "--sensor", "rig.t", "--db", db.toString(), "--data-dir",
                tmp.toString())).isZero();
        assertThat(telemetry.count("rig.t")).isEqualTo(rows);
        assertThat(run("ingest", csv.toString(), "--sensor", "rig.t", "--db", db.toString(), "--data-dir",
                tmp.toString())).isZero();
        assertThat(telemetry.count("rig.t")).isEqualTo(rows);
    }

    @Test
    void killedFleetTrainingResumesWithoutDuplicateRunsOrVersions() throws Exception {
        Path db = tmp.resolve("fleet.db");
        Database database = Database.open(db.toString());
        AssetRepository assets = new AssetRepository(database);
        TelemetryRepository telemetry = new TelemetryRepository(database);
        int sensors = 30;
        Random random = new Random(5);
        assets.save(new Asset("plant", "Plant", null, null, 3));
        for (int s = 0; s < sensors; s++) {
            String id = "plant.s" + s;
            assets.save(new Sensor(id, "plant", "signal " + s, "1", Duration.ofMinutes(1), null, null, null));
            long[] ts = new long[3000];
            double[] values = new double[3000];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = 1_600_000_000_000L + i * 60_000L;
                values[i] = Math.sin(i / (20.0 + s)) + 0.1 * random.nextGaussian();
            }
            telemetry.ingest(id, ts, values);
        }

        ChildCli child = ChildCli.start("train", "--all", "--workers", "1", "--db", db.toString(), "--data-dir",
                tmp.toString());
        child.awaitLine(l -> l.startsWith("train 5/"), 180);
        boolean killedMidway = child.isAlive();
        child.kill();
        assertThat(killedMidway).as("the child was still training when killed").isTrue();
        int trainedBeforeCrash = new ModelRegistry(database).versions(null, null).size();
        assertThat(trainedBeforeCrash).isBetween(5, sensors - 1);

        assertThat(run("train", "--resume", "--db", db.toString(), "--data-dir", tmp.toString())).isZero();

        List<ModelVersion> versions = new ModelRegistry(database).versions(null, null);
        assertThat(versions).hasSize(sensors);
        assertThat(versions).allMatch(v -> v.version() == 1 && v.stage() == Stage.PRODUCTION);
        List<Run> runs = new RunTracker(database, "test").list(null, 1000);
        assertThat(runs).hasSize(sensors).allMatch(r -> r.status() == Run.Status.FINISHED);
    }
}
