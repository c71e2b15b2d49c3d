package io.prognos.core.io.telemanom;

import io.prognos.core.io.DataFormatException;
import io.prognos.core.io.NpyArray;
import io.prognos.core.io.NpyReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A dataset in the layout of NASA's Telemanom benchmark (SMAP/MSL spacecraft telemetry, Hundman et al. 2018),
 * so that the original {@code data.zip} contents and the project's gzip copies both load:
 *
 * <pre>
 * dir/labeled_anomalies.csv        chan_id,spacecraft,anomaly_sequences,class,num_values
 * dir/train/&lt;chan&gt;.npy[.gz]       nominal series, shape (n, k), column 0 the telemetry value
 * dir/test/&lt;chan&gt;.npy[.gz]        series with the labelled anomalies, same k columns
 * </pre>
 *
 * <p>The labels are read and validated when the dataset is opened; the arrays are read per channel on demand.
 * When both {@code <chan>.npy} and {@code <chan>.npy.gz} exist, the plain file wins.
 */
public final class TelemanomDataset {

    public static final String LABELS_FILE = "labeled_anomalies.csv";
    public static final String TRAIN_DIR = "train";
    public static final String TEST_DIR = "test";
    private static final String NPY = ".npy";
    private static final String NPY_GZ = ".npy.gz";

    private final Path directory;
    private final List<LabeledAnomalyRow> labels;

    private TelemanomDataset(Path directory, List<LabeledAnomalyRow> labels) {
        this.directory = directory;
        this.labels = List.copyOf(labels);
    }

    /**
     * Opens the dataset in {@code directory}, checking the layout and parsing the label file.
     *
     * @throws DataFormatException when the directory, {@code train/}, {@code test/} or the label file is
     *                             missing, or a label row is malformed
     */
    public static TelemanomDataset open(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new DataFormatException(directory.toString(), "not a directory (expected a Telemanom dataset with "
                    + LABELS_FILE + ", " + TRAIN_DIR + "/ and " + TEST_DIR + "/)");
        }
        Path labelFile = directory.resolve(LABELS_FILE);
        if (!Files.isRegularFile(labelFile)) {
            throw new DataFormatException(labelFile.toString(), "label file is missing");
        }
        for (String subdirectory : List.of(TRAIN_DIR, TEST_DIR)) {
            Path path = directory.resolve(subdirectory);
            if (!Files.isDirectory(path)) {
                throw new DataFormatException(path.toString(), "directory is missing");
            }
        }
        return new TelemanomDataset(directory, LabeledAnomaliesParser.parse(labelFile));
    }

    public Path directory() {
        return directory;
    }

    /** Every label row in file order, duplicates included (SMAP has two rows for P-2). */
    public List<LabeledAnomalyRow> labels() {
        return labels;
    }

    /** The label rows of one spacecraft ({@code SMAP} or {@code MSL}, case-insensitive), in file order. */
    public List<LabeledAnomalyRow> labels(String spacecraft) {
        String wanted = spacecraft.toUpperCase(Locale.ROOT);
        return labels.stream().filter(row -> row.spacecraft().toUpperCase(Locale.ROOT).equals(wanted)).toList();
    }

    /** The label rows of one channel, in file order; more than one when the file repeats the channel. */
    public List<LabeledAnomalyRow> labelsForChannel(String chanId) {
        return labels.stream().filter(row -> row.chanId().equals(chanId)).toList();
    }

    /** Channel ids that have a test array ({@code test/<chan>.npy} or {@code .npy.gz}), sorted. */
    public List<String> channelIds() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve(TEST_DIR))) {
            return files.filter(Files::isRegularFile)
                    .map(path -> path.getFileName().toString())
                    .map(TelemanomDataset::channelIdOf)
                    .filter(Objects::nonNull)
                    .distinct()
                    .sorted()
                    .toList();
        }
    }

    /**
     * Reads one channel's train and test arrays.
     *
     * @throws DataFormatException naming the path when an array is missing, malformed, not 1-D/2-D, contains
     *                             NaN or infinity (with row and column), when train and test differ in width,
     *                             or when the test length differs from a label row's {@code num_values} (the
     *                             labels index into the test series, so they would be meaningless)
     */
    public TelemanomChannel loadChannel(String chanId) throws IOException {
        requireSafeChannelId(chanId);
        Path trainFile = arrayFile(TRAIN_DIR, chanId);
        Path testFile = arrayFile(TEST_DIR, chanId);
        NpyArray train = readFiniteMatrix(trainFile);
        NpyArray test = readFiniteMatrix(testFile);
        if (train.cols() != test.cols()) {
            throw new DataFormatException(testFile.toString(), "test array has " + test.cols()
                    + " columns but the train array " + trainFile + " has " + train.cols());
        }
        for (LabeledAnomalyRow row : labelsForChannel(chanId)) {
            if (row.numValues() != test.rows()) {
                throw new DataFormatException(testFile.toString(), "test array has " + test.rows() + " rows but "
                        + directory.resolve(LABELS_FILE) + ":" + row.rowNumber() + " says num_values "
                        + row.numValues());
            }
        }
        return new TelemanomChannel(chanId, train.toMatrix(), test.toMatrix());
    }

    private Path arrayFile(String subdirectory, String chanId) {
        Path plain = directory.resolve(subdirectory).resolve(chanId + NPY);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gzipped = directory.resolve(subdirectory).resolve(chanId + NPY_GZ);
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        throw new DataFormatException(plain.toString(), "missing " + subdirectory + " array for channel '" + chanId
                + "' (neither " + plain + " nor " + gzipped + " exists)");
    }

    private static NpyArray readFiniteMatrix(Path file) throws IOException {
        NpyArray array = NpyReader.read(file);
        if (array.ndim() > 2) {
            throw new DataFormatException(file.toString(), "expected a 1-D or 2-D array but found "
                    + array.ndim() + "-D " + array);
        }
        return array.requireFinite(file.toString());
    }

    private static String channelIdOf(String fileName) {
        if (fileName.endsWith(NPY_GZ)) {
            return fileName.substring(0, fileName.length() - NPY_GZ.length());
        }
        if (fileName.endsWith(NPY)) {
            return fileName.substring(0, fileName.length() - NPY.length());
        }
        return null;
    }

    private static void requireSafeChannelId(String chanId) {
        Objects.requireNonNull(chanId, "chanId");
        if (chanId.isBlank() || chanId.contains("/") || chanId.contains("\\") || chanId.startsWith(".")) {
            throw new IllegalArgumentException("'" + chanId + "' is not a channel id");
        }
    }
}
