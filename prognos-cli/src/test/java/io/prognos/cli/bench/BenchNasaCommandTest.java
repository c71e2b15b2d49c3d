package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.sim.InjectedAnomalySeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.prognos.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench nasa} on a tiny generated data set in the Telemanom layout, with the fast linear detector. */
class BenchNasaCommandTest {

    @TempDir
    Path dir;

    /** Writes a float64 little-endian C-order .npy file. */
    private static void writeNpy(Path file, double[][] rows) throws IOException {
        int cols = rows[0].length;
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows.length + ", " + cols + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        String padded = header + " ".repeat(pad) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + padded.length() + rows.length * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) padded.length()).put(padded.getBytes(StandardCharsets.US_ASCII));
        for (double[] row : rows) {
            for (double v : row) {
                buffer.putDouble(v);
            }
        }
        Files.write(file, buffer.array());
    }

    private static double[][] column(double[] values, int from, int to) {
        double[][] rows = new double[to - from][];
        for (int i = from; i < to; i++) {
            rows[i - from] = new double[] {values[i], 0.0};
        }
        return rows;
    }

    private Path layout() throws IOException {
        Files.createDirectories(dir.resolve("train"));
        Files.createDirectories(dir.resolve("test"));
        InjectedAnomalySeries.Generated series = InjectedAnomalySeries.generate(5);
        double[] v = series.values();
        int split = series.trainLength();
        writeNpy(dir.resolve("train/X-1.npy"), column(v, 0, split));
        writeNpy(dir.resolve("test/X-1.npy"), column(v, split, v.length));
        writeNpy(dir.resolve("train/X-2.npy"), column(v, 0, split));
        // X-2 has no test file: it must become an error row, and the run must go on
        int testLength = v.length - split;
        Files.writeString(dir.resolve("labeled_anomalies.csv"), String.join("\n",
                "chan_id,spacecraft,anomaly_sequences,class,num_values",
                "X-1,SMAP,\"[[1500, 1512], [4000, 4119]]\",\"[point, contextual]\"," + testLength,
                "X-2,SMAP,\"[[100, 200]]\",[point]," + testLength,
                "X-1,SMAP,\"[[6500, 6579], [9000, 9149]]\",\"[contextual, contextual]\"," + testLength) + "\n");
        return dir;
    }

    @Test
    void scoresEachRowWritesJsonAndReportsABrokenChannelAsAnErrorRow() throws IOException {
        Path data = layout();
        Path out = dir.resolve("out/result.json");
        CliRun ran = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear", "--out", out.toString());
        String text = ran.out();
        assertThat(ran.exitCode()).as(text + ran.err()).isEqualTo(1);
        assertThat(text).contains("ERROR").contains("X-2").contains("same detections as its earlier row");

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode totals = json.get("totals");
        for (String key : new String[] {"tp", "fp", "fn", "precision", "recall", "f0_5", "f1", "orion_f1", "wall_seconds"}) {
            assertThat(totals.has(key)).as(key).isTrue();
        }
        // X-1 finds its four faults. Each X-1 row lists two of them, so under the Telemanom protocol (rows
        // scored on their own) each row has 2 TP and 2 FP (the faults the other row lists); X-2 is 1 FN.
        assertThat(totals.get("tp").asLong()).isEqualTo(4);
        assertThat(totals.get("fp").asLong()).isEqualTo(4);
        assertThat(totals.get("fn").asLong()).isEqualTo(1);
        // Orion merges X-1's two rows into one signal with four labels: no false positives
        assertThat(totals.get("orion_tp").asLong()).isEqualTo(4);
        assertThat(totals.get("orion_fp").asLong()).isZero();
        assertThat(totals.get("orion_fn").asLong()).isEqualTo(1);

        JsonNode rows = json.get("channels");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("chan_id").asText()).isEqualTo("X-1");
        assertThat(rows.get(0).get("labelled").get(1).get(1).asLong()).isEqualTo(4119);
        assertThat(rows.get(0).get("predicted")).hasSize(4);
        assertThat(rows.get(0).get("scores")).hasSize(4);
        assertThat(rows.get(1).get("error").asText()).contains("X-2");
        assertThat(json.get("config").get("windowLength").asInt()).isEqualTo(250);
        assertThat(json.get("seed").asLong()).isZero();
        assertThat(json.get("threshold").asText()).isEqualTo("telemanom");
        assertThat(json.get("config").get("threshold").get("method").asText()).isEqualTo("TELEMANOM");
    }

    @Test
    void recordsTheChosenThresholdAndRefusesAnUnknownOne() throws IOException {
        Path data = layout();
        Path out = dir.resolve("spot.json");
        CliRun spot = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear", "--channels", "X-1",
                "--threshold", "spot", "--out", out.toString());
        CliRun unknown = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--threshold", "median");
        assertThat(spot.exitCode()).as(spot.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.get("threshold").asText()).isEqualTo("spot");
        assertThat(json.get("config").get("threshold").get("method").asText()).isEqualTo("SPOT");
        assertThat(json.get("config").get("threshold").get("risk").asDouble()).isEqualTo(1e-3);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'median' is not a threshold");
    }

    /** A results file in telemanom's layout (quoted list fields, rows of another spacecraft) for the layout's rows. */
    private Path referenceFile(String secondX1Counts) throws IOException {
        Path file = dir.resolve("2019-11-14_11.34.30.csv");
        Files.writeString(file, String.join("\n",
                "run_id,chan_id,spacecraft,num_anoms,anomaly_sequences,class,true_positives,false_positives,"
                        + "false_negatives,tp_sequences,fp_sequences,gaussian_p-value,num_values,normalized_error,eval_time,scores",
                "r,X-1,SMAP,28,\"[[1500, 1512], [4000, 4119]]\",\"[point, contextual]\",2,2,0,\"[(1490, 1600)]\",[],,9000,0.1,,\"[3.5, 2.0]\"",
                "r,M-1,MSL,14,\"[[1110, 2250]]\",[contextual],0,0,1,[],[],,2277,0.04,,[]",
                "r,X-2,SMAP,14,\"[[100, 200]]\",[point],0,0,1,[],[],,9000,0.1,,[]",
                "r,X-1,SMAP,28,\"[[6500, 6579], [9000, 9149]]\",\"[contextual, contextual]\"," + secondX1Counts
                        + ",[],[],,9000,0.1,,[]") + "\n");
        return file;
    }

    @Test
    void putsAReferenceRunsCountsBesideOursRowByRow() throws IOException {
        Path data = layout();
        Path reference = referenceFile("1,2,1");
        Path out = dir.resolve("compared.json");
        CliRun ran = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--reference", reference.toString(), "--out", out.toString());
        String text = ran.out();
        assertThat(ran.exitCode()).as(text + ran.err()).isEqualTo(1); // X-2's test file is missing
        // Each X-1 row scores 2 / 2 / 0 here (see above): the first reference row agrees, the second does not.
        // X-2 failed, so the comparison covers the two X-1 rows; the MSL row matches no label row.
        assertThat(text).contains("1/2/1 *")
                .contains("Reference 2019-11-14_11.34.30.csv on the same 2 rows: TP 3  FP 4  FN 1")
                .contains("ours on those rows: TP 4  FP 4  FN 0; rows with the same counts: 1 of 2");
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode summary = json.get("reference");
        assertThat(summary.get("rows").asInt()).isEqualTo(2);
        assertThat(summary.get("rows_with_same_counts").asInt()).isEqualTo(1);
        assertThat(summary.get("tp").asLong()).isEqualTo(3);
        assertThat(summary.get("fp").asLong()).isEqualTo(4);
        assertThat(summary.get("fn").asLong()).isEqualTo(1);
        assertThat(summary.get("precision").asDouble()).isEqualTo(3.0 / 7);
        JsonNode rows = json.get("channels");
        assertThat(rows.get(0).get("reference").get("tp").asLong()).isEqualTo(2);
        assertThat(rows.get(1).get("reference").get("fn").asLong()).isEqualTo(1);
        assertThat(rows.get(2).get("reference").get("fn").asLong()).isEqualTo(1);
    }

    @Test
    void aBrokenOrMissingReferenceFileIsRefusedBeforeTraining() throws IOException {
        Path data = layout();
        Path broken = referenceFile("1,two,1");
        CliRun brokenRun = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--reference", broken.toString());
        CliRun missingRun = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--reference", dir.resolve("nothing.csv").toString());
        Path otherChannels = dir.resolve("other.csv");
        Files.writeString(otherChannels, "chan_id,true_positives,false_positives,false_negatives\nM-1,0,0,1\n");
        CliRun unmatchedRun = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--reference", otherChannels.toString());
        assertThat(brokenRun.exitCode()).isEqualTo(2);
        assertThat(missingRun.exitCode()).isEqualTo(2);
        assertThat(unmatchedRun.exitCode()).isEqualTo(2);
        assertThat(brokenRun.err()).contains(broken + ":5: false_positives 'two' is not a whole number");
        assertThat(missingRun.err()).contains("--reference: no such file " + dir.resolve("nothing.csv"));
        assertThat(unmatchedRun.err()).contains("has no row for any of the 3 label rows chosen");
        // refused before anything ran: no table was printed
        assertThat(brokenRun.out() + missingRun.out() + unmatchedRun.out()).doesNotContain("Totals");
    }

    @Test
    void savedPredictionsReusedGiveTheSameDetectionsWithoutTrainingSpeedFigures() throws IOException {
        Path data = layout();
        Path saved = dir.resolve("pred");
        Path first = dir.resolve("trained.json");
        Path again = dir.resolve("reused.json");
        CliRun trainedRun = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--channels", "X-1", "--save-predictions", saved.toString(), "--out", first.toString());
        // the same directory twice: their mean is the saved predictions themselves
        CliRun reusedRun = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear",
                "--channels", "X-1", "--reuse-predictions", saved + "," + saved, "--out", again.toString());
        String text = reusedRun.out();
        assertThat(trainedRun.exitCode()).as(trainedRun.err()).isZero();
        assertThat(reusedRun.exitCode()).as(text + reusedRun.err()).isZero();
        assertThat(saved.resolve("X-1.txt")).exists();
        assertThat(text).contains("saved predictions were reused, so nothing was trained or predicted")
                .doesNotContain("Infinity");
        JsonNode trained = new ObjectMapper().readTree(first.toFile());
        JsonNode reused = new ObjectMapper().readTree(again.toFile());
        assertThat(reused.get("channels").get(0).get("predicted"))
                .isEqualTo(trained.get("channels").get(0).get("predicted"));
        assertThat(reused.get("totals").get("tp").asLong()).isEqualTo(trained.get("totals").get("tp").asLong())
                .isPositive();
        assertThat(trained.get("totals").has("predict_windows_per_second")).isTrue();
        assertThat(reused.get("totals").has("predict_windows_per_second")).isFalse();
        assertThat(reused.get("totals").has("median_train_seconds")).isFalse();
    }

    @Test
    void unknownChannelIsAClearError() throws IOException {
        Path data = layout();
        CliRun ran = CliRun.of("bench", "nasa", "--data", data.toString(), "--detector", "linear", "--channels", "Z-9");
        assertThat(ran.exitCode()).isEqualTo(2);
        assertThat(ran.err()).contains("channel 'Z-9' has no row");
    }
}
