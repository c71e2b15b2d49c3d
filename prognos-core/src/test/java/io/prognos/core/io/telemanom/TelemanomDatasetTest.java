package io.prognos.core.io.telemanom;

import static io.prognos.core.io.NpyTestFiles.float64;
import static io.prognos.core.io.NpyTestFiles.gzip;
import static io.prognos.core.io.NpyTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prognos.core.io.DataFormatException;
import io.prognos.core.series.IndexRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemanomDatasetTest {

    private static final String HEADER = "chan_id,spacecraft,anomaly_sequences,class,num_values\n";

    @TempDir
    Path dir;

    /** Two channels (one plain, one gzipped, one 2-D, one 1-D); A-1 is listed twice, like SMAP's P-2. */
    @BeforeEach
    void writeTinyDataset() throws IOException {
        write(dir.resolve("train/A-1.npy"), float64("(3, 2)", 0.1, 0, 0.2, 1, 0.3, 0));
        write(dir.resolve("test/A-1.npy.gz"), gzip(float64("(6, 2)", 1, 0, 2, 0, 3, 1, 4, 0, 5, 0, 6, 0)));
        write(dir.resolve("train/B-2.npy.gz"), gzip(float64("(2,)", -1, -2)));
        write(dir.resolve("test/B-2.npy"), float64("(5,)", 10, 20, 30, 40, 50));
        write(dir.resolve("test/notes.txt"), new byte[] {1});
        labels(HEADER
                + "A-1,SMAP,\"[[1, 2], [4, 5]]\",\"[contextual, point]\",6\r\n"
                + "B-2,MSL,\"[[0, 0]]\",[point],5\r\n"
                + "A-1,SMAP,\"[[3,4],]\",['contextual'],6\r\n"
                + "\r\n");
    }

    @Test
    void readsEveryLabelRowInFileOrderKeepingRepeatedChannels() throws IOException {
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        assertThat(dataset.labels()).containsExactly(
                new LabeledAnomalyRow(2, "A-1", "SMAP", List.of(new IndexRange(1, 2), new IndexRange(4, 5)),
                        List.of("contextual", "point"), 6),
                new LabeledAnomalyRow(3, "B-2", "MSL", List.of(new IndexRange(0, 0)), List.of("point"), 5),
                new LabeledAnomalyRow(4, "A-1", "SMAP", List.of(new IndexRange(3, 4)), List.of("contextual"), 6));
        assertThat(dataset.labels("smap")).extracting(LabeledAnomalyRow::rowNumber).containsExactly(2, 4);
        assertThat(dataset.labels("MSL")).extracting(LabeledAnomalyRow::chanId).containsExactly("B-2");
        assertThat(dataset.labelsForChannel("A-1")).hasSize(2);
        assertThat(dataset.channelIds()).containsExactly("A-1", "B-2");
    }

    @Test
    void loadsPlainAndGzippedArraysWithColumnZeroAsTheValue() throws IOException {
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        TelemanomChannel a1 = dataset.loadChannel("A-1");
        TelemanomChannel b2 = dataset.loadChannel("B-2");

        assertThat(a1.chanId()).isEqualTo("A-1");
        assertThat(a1.train()).isDeepEqualTo(new double[][] {{0.1, 0}, {0.2, 1}, {0.3, 0}});
        assertThat(a1.test()).hasNumberOfRows(6);
        assertThat(a1.test()[2]).containsExactly(3, 1);
        assertThat(a1.testValues()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(a1.width()).isEqualTo(2);
        assertThat(b2.trainValues()).containsExactly(-1, -2);
        assertThat(b2.test()).isDeepEqualTo(new double[][] {{10}, {20}, {30}, {40}, {50}});
    }

    @Test
    void namesTheMissingArrayPath() throws IOException {
        write(dir.resolve("train/C-3.npy"), float64("(1,)", 1));
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        Path expected = dir.resolve("test").resolve("C-3.npy");
        assertThatThrownBy(() -> dataset.loadChannel("C-3"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(expected + ": missing test array for channel 'C-3'")
                .hasMessageContaining(expected + ".gz");
        assertThatThrownBy(() -> dataset.loadChannel("../train/A-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonFiniteValuesNamingFileRowAndColumn() throws IOException {
        Path test = write(dir.resolve("test/A-1.npy.gz"), gzip(float64("(2, 2)", 1, 0, 2, Double.NaN)));
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        assertThatThrownBy(() -> dataset.loadChannel("A-1"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(test + ": NaN at row 1, column 1");
    }

    @Test
    void rejectsTrainAndTestOfDifferentWidths() throws IOException {
        Path test = write(dir.resolve("test/B-2.npy"), float64("(1, 2)", 1, 0));
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        assertThatThrownBy(() -> dataset.loadChannel("B-2"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(test + ": test array has 2 columns but the train array")
                .hasMessageEndingWith("B-2.npy.gz has 1");
    }

    @Test
    void rejectsATestArrayWhoseLengthDiffersFromNumValues() throws IOException {
        Path test = write(dir.resolve("test/B-2.npy"), float64("(4,)", 10, 20, 30, 40));
        TelemanomDataset dataset = TelemanomDataset.open(dir);

        assertThatThrownBy(() -> dataset.loadChannel("B-2"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(test + ": test array has 4 rows but " + dir.resolve(TelemanomDataset.LABELS_FILE)
                        + ":3 says num_values 5");
    }

    @Test
    void rejectsMalformedLabelLinesWithTheirLineNumber() throws IOException {
        Path file = dir.resolve(TelemanomDataset.LABELS_FILE);
        assertLabelError(HEADER + "A-1,SMAP,\"[[1, 2]]\",[point],6\nB-2,MSL,\"[[1, x]]\",[point],5\n",
                file + ":3: anomaly_sequences '[[1, x]]' is not a list of [start, end] pairs");
        assertLabelError(HEADER + "A-1,SMAP,\"[[4, 2]]\",[point],6\n",
                file + ":2: anomaly_sequences: sequence [4, 2] starts after it ends");
        assertLabelError(HEADER + "A-1,SMAP,\"[[4, 6]]\",[point],6\n",
                file + ":2: anomaly_sequences: sequence [4, 6] goes beyond the test series (num_values 6, last index 5)");
        assertLabelError(HEADER + "A-1,SMAP,\"[[4, 5]]\",[point],six\n",
                file + ":2: num_values 'six' is not an integer");
        assertLabelError(HEADER + "A-1,SMAP,[[4, 5]],[point],6\n",
                file + ":2: expected 5 fields but found 6 (is a list field missing its quotes?)");
        assertLabelError(HEADER + "A-1,SMAP,\"[[1, 2], [4, 5]]\",[point],6\n",
                file + ":2: class lists 1 classes but anomaly_sequences has 2 sequences");
        assertLabelError("chan,spacecraft,anomaly_sequences,class,num_values\n",
                file + ":1: the header lacks column 'chan_id'; expected chan_id,spacecraft,anomaly_sequences,"
                        + "class,num_values but found chan,spacecraft,anomaly_sequences,class,num_values");
    }

    @Test
    void checksTheLayoutWhenOpening() throws IOException {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> TelemanomDataset.open(missing))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(missing + ": not a directory");

        Files.delete(dir.resolve(TelemanomDataset.LABELS_FILE));
        assertThatThrownBy(() -> TelemanomDataset.open(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve(TelemanomDataset.LABELS_FILE) + ": label file is missing");
    }

    private void assertLabelError(String content, String expectedMessage) throws IOException {
        labels(content);
        assertThatThrownBy(() -> TelemanomDataset.open(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(expectedMessage);
    }

    private void labels(String content) throws IOException {
        Files.writeString(dir.resolve(TelemanomDataset.LABELS_FILE), content);
    }
}
