package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.PrognosCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code bench ett} on a generated file in the ETT layout whose answers are known. */
class BenchEttCommandTest {

    @TempDir
    Path tmp;

    /** 20 months of hourly rows: a daily cycle per column, so the seasonal-naive forecast is exact. */
    private void writeEtt(Path file) throws Exception {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2016, 7, 1, 0, 0);
        StringBuilder csv = new StringBuilder("date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT\n");
        for (int t = 0; t < 14_400; t++) {
            csv.append(start.plusHours(t).format(format));
            for (int c = 0; c < 7; c++) {
                csv.append(',').append(10 * c + Math.sin(2 * Math.PI * t / 24 + c));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = PrognosCommand.newCommandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args)).as(err.toString()).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void patchTstLearnsTheDailyCycleWithinItsEpochLimit() throws Exception {
        writeEtt(tmp.resolve("ETTh1.csv"));
        Path out = tmp.resolve("patchtst.json");

        run("bench", "ett", "--data", tmp.toString(), "--dataset", "ETTh1", "--horizons", "24", "--input-lengths", "48",
                "--model", "patchtst", "--max-epochs", "2", "--out", out.toString());

        JsonNode row = new ObjectMapper().readTree(out.toFile()).get("results").get(0);
        assertThat(row.get("model").asText()).isEqualTo("patchtst");
        assertThat(row.get("input_length").asInt()).isEqualTo(48);
        assertThat(row.get("test_windows").asLong()).isEqualTo(2_880 - 24 + 1);
        // a z-scored sine has variance 1; a model that learned the cycle errs far less
        assertThat(row.get("mse").asDouble()).isLessThan(0.2);
        assertThat(row.get("validation_mse").asDouble()).isLessThan(0.2);
    }

    @Test
    void blendOfPatchTstAndTheRidgeReportsItsWeightAndParts() throws Exception {
        writeEtt(tmp.resolve("ETTh1.csv"));
        Path out = tmp.resolve("blend.json");

        String printed = run("bench", "ett", "--data", tmp.toString(), "--dataset", "ETTh1", "--horizons", "24",
                "--input-lengths", "48,72", "--patchtst-input", "48", "--model", "patchtst-ridge", "--max-epochs", "1",
                "--batch-size", "32", "--out", out.toString());

        JsonNode root = new ObjectMapper().readTree(out.toFile());
        assertThat(root.get("patchtst_settings").get("batch_size").asInt()).isEqualTo(32);
        assertThat(root.get("patchtst_settings").get("learning_rate").asDouble()).isEqualTo(1e-4);
        JsonNode row = root.get("results").get(0);
        assertThat(row.get("model").asText()).isEqualTo("patchtst-ridge");
        assertThat(row.get("blend_weight").asDouble()).isBetween(0.0, 1.0);
        JsonNode parts = row.get("parts");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).get("model").asText()).isEqualTo("patchtst");
        assertThat(parts.get(0).get("input_length").asInt()).isEqualTo(48);
        assertThat(parts.get(1).get("model").asText()).isEqualTo("ridge");
        // the weight is fitted on the validation windows, where either part alone is also a choice
        double bestPart = Math.min(parts.get(0).get("validation_mse").asDouble(), parts.get(1).get("validation_mse").asDouble());
        assertThat(row.get("validation_mse").asDouble()).isLessThanOrEqualTo(bestPart * (1 + 1e-9));
        assertThat(row.get("mse").asDouble()).isLessThan(1e-2);
        assertThat(row.get("test_windows").asLong()).isEqualTo(2_880 - 24 + 1);
        assertThat(printed).contains("ETTh1-24 blend: weight");
    }

    @Test
    void seasonalNaiveIsExactAndRidgeNearlySoOnADailyCycle() throws Exception {
        writeEtt(tmp.resolve("ETTh1.csv"));
        Path naive = tmp.resolve("naive.json");
        Path ridge = tmp.resolve("ridge.json");

        String printed = run("bench", "ett", "--data", tmp.toString(), "--dataset", "ETTh1", "--horizons", "24,48",
                "--model", "seasonal-naive", "--out", naive.toString());
        run("bench", "ett", "--data", tmp.toString(), "--dataset", "ETTh1", "--horizons", "24", "--input-lengths", "48,72",
                "--model", "ridge", "--out", ridge.toString());

        assertThat(printed).contains("split 8640/2880/2880 rows");
        JsonNode results = new ObjectMapper().readTree(naive.toFile()).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("mse").asDouble()).isCloseTo(0, within(1e-20));
        assertThat(results.get(1).get("horizon").asInt()).isEqualTo(48);
        assertThat(results.get(0).get("test_windows").asLong()).as("stride-1 windows over the 4 test months")
                .isEqualTo(2_880 - 24 + 1);
        JsonNode ridgeRow = new ObjectMapper().readTree(ridge.toFile()).get("results").get(0);
        assertThat(ridgeRow.get("model").asText()).isEqualTo("ridge");
        assertThat(ridgeRow.get("mse").asDouble()).isLessThan(1e-3);
        assertThat(ridgeRow.get("input_length").asInt()).isIn(48, 72);
        assertThat(ridgeRow.has("train_seconds")).isTrue();
        assertThat(ridgeRow.get("conformal_90_coverage").asDouble()).isBetween(0.5, 1.0);
        assertThat(ridgeRow.get("rolling_conformal_90_coverage").asDouble()).isBetween(0.5, 1.0);
    }
}
