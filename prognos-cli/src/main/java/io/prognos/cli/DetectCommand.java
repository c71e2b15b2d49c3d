package io.prognos.cli;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.io.CsvSeriesOptions;
import io.prognos.core.io.CsvSeriesReader;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.io.NpyArray;
import io.prognos.core.io.NpyReader;
import io.prognos.core.series.TimeSeriesFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code prognos detect --input FILE}: trains on the first part of a user's CSV or NPY series and
 * prints the anomalous sequences in the rest, with their times, scores and severities.
 * {@code prognos detect SENSOR... | --all [--from T] [--to T]}: scores stored telemetry with each
 * sensor's Production detector and stores the anomalies found.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect anomalies in your own CSV or .npy[.gz] series (--input): train on the first part, search the rest.",
                "Or score stored sensors (SENSOR... or --all) with their Production detectors and store the anomalies."})
public final class DetectCommand implements Callable<Integer> {

    @Option(names = "--input", description = "CSV (header, optional timestamp column) or .npy[.gz]")
    Path input;

    @picocli.CommandLine.Mixin
    io.prognos.cli.store.StoreOptions store;

    @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "SENSOR", description = "Stored sensors to score")
    java.util.List<String> sensors = new java.util.ArrayList<>();

    @Option(names = "--all", description = "Score every sensor that has a Production detector")
    boolean all;

    @Option(names = "--from", description = "First instant to judge, ISO-8601 (default: the beginning)")
    String from;

    @Option(names = "--to", description = "End of the range, ISO-8601, exclusive (default: the end)")
    String to;

    @Option(names = "--column", description = "Value column to monitor: a header name for CSV, an index for NPY "
            + "(default: the first value column)")
    String column;

    @Option(names = "--timestamp", description = "CSV timestamp column (default: detected by name: timestamp, time, date, datetime)")
    String timestamp;

    @Option(names = "--train-fraction", defaultValue = "0.5", description = "Leading share of rows used for training (default ${DEFAULT-VALUE})")
    double trainFraction;

    @Option(names = "--detector", defaultValue = "linear", description = "linear (ridge predictor), telemanom (LSTM) or ensemble (mean of both); default ${DEFAULT-VALUE}")
    String detectorName;

    @Option(names = "--window", defaultValue = "250", description = "Rows of history per prediction (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--all-columns", description = "Use every value column as model input (the monitored one is still the target)")
    boolean allColumns;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (input == null) {
            if (sensors.isEmpty() && !all) {
                throw new UserInputException("give --input FILE, or SENSOR names or --all to score stored telemetry");
            }
            return new io.prognos.cli.store.StoredDetection(store, sensors, all, from, to).run();
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new UserInputException("--train-fraction must be between 0 and 1, was " + trainFraction);
        }
        if (!Files.exists(input)) {
            throw new UserInputException("input file not found: " + input);
        }
        Series series = load();
        int trainRows = (int) Math.floor(series.rows().length * trainFraction);
        TelemanomConfig config = TelemanomConfig.defaults().withWindow(window, 10);
        TelemanomDetector detector = Detectors.create(detectorName, config);
        PrintStream o = System.out;
        o.printf("%s: %d rows, monitoring '%s'%s; training %s on the first %d rows%n", input, series.rows().length,
                series.columnName(), series.rows()[0].length > 1 ? " with " + (series.rows()[0].length - 1)
                        + " other input columns" : "", detectorName, trainRows);
        SeriesDetection.Result result;
        try (Progress progress = Progress.start("training", config.maxEpochs())) {
            result = SeriesDetection.run(detector, series.rows(), trainRows, seed,
                    (epoch, max, trainLoss, validationLoss) -> progress.step(
                            String.format("epoch %d/%d validation MSE %.5f", epoch, max, validationLoss)));
        }
        o.printf("model: %s, %d epochs, held-out validation MSE %.5f (scaled units), trained in %.1f s%n",
                result.training().model(), result.training().epochs(), result.training().validationLoss(),
                result.training().seconds());
        if (result.sequences().isEmpty()) {
            o.printf("no anomalous sequences in rows %d-%d%n", trainRows, series.rows().length - 1);
            return 0;
        }
        o.printf("%d anomalous sequence(s) in rows %d-%d:%n", result.sequences().size(), trainRows, series.rows().length - 1);
        o.printf("  %-26s %-26s %8s %7s  %s%n", "start", "end", "rows", "score", "severity");
        for (AnomalySequence s : result.sequences()) {
            o.printf("  %-26s %-26s %8d %7.2f  %s%n", series.label((int) s.start()), series.label((int) s.end()),
                    s.range().length(), s.score(), s.severity());
        }
        return 0;
    }

    /** The rows handed to the detector (monitored column first) and how to name a row. */
    record Series(double[][] rows, String columnName, long[] timestamps) {
        String label(int row) {
            return timestamps == null ? "row " + row : Instant.ofEpochMilli(timestamps[row]).toString();
        }
    }

    private Series load() throws IOException {
        String name = input.getFileName().toString().toLowerCase();
        try {
            if (name.endsWith(".npy") || name.endsWith(".npy.gz")) {
                return loadNpy();
            }
            return loadCsv();
        } catch (NoSuchFileException e) {
            throw new UserInputException("input file not found: " + e.getFile());
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private Series loadNpy() throws IOException {
        NpyArray array = NpyReader.read(input);
        double[][] matrix = array.toMatrix();
        int target = 0;
        if (column != null) {
            try {
                target = Integer.parseInt(column);
            } catch (NumberFormatException e) {
                throw new UserInputException("--column for a .npy file is a column index, was '" + column + "'");
            }
            if (target < 0 || target >= array.cols()) {
                throw new UserInputException("--column " + target + " is outside the " + array.cols() + " columns of " + input);
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < array.cols(); j++) {
            names.add("column " + j);
        }
        return select(new TimeSeriesFrame(input.toString(), names, null, matrix), target, 0, "row ");
    }

    private Series loadCsv() throws IOException {
        CsvSeriesOptions.Builder options = CsvSeriesOptions.builder();
        if (timestamp != null) {
            options.timestampColumn(timestamp);
        }
        TimeSeriesFrame frame = new CsvSeriesReader(options.build()).read(input);
        if (frame.width() == 0) {
            throw new UserInputException(input + " has no value columns");
        }
        int target = column == null ? 0 : frame.columnIndex(column);
        return select(frame, target, 2, "line ");
    }

    /**
     * Puts the monitored column first and checks every used value is finite; a bad value is reported as
     * {@code rowWord + (index + firstNumber)} (CSV: file line, after the header; NPY: row index).
     */
    private Series select(TimeSeriesFrame frame, int target, int firstNumber, String rowWord) {
        int[] order;
        if (allColumns) {
            order = new int[frame.width()];
            order[0] = target;
            int k = 1;
            for (int j = 0; j < frame.width(); j++) {
                if (j != target) {
                    order[k++] = j;
                }
            }
        } else {
            order = new int[] {target};
        }
        double[][] rows = new double[frame.length()][order.length];
        for (int i = 0; i < frame.length(); i++) {
            for (int k = 0; k < order.length; k++) {
                double v = frame.rows()[i][order[k]];
                if (!Double.isFinite(v)) {
                    throw new UserInputException(input + ": " + rowWord + (i + firstNumber) + ", column '" + frame.columns().get(order[k])
                            + "' is " + (Double.isNaN(v) ? "missing or NaN" : v)
                            + "; the detector needs complete numeric data (fill or remove such rows first)");
                }
                rows[i][k] = v;
            }
        }
        return new Series(rows, frame.columns().get(target), frame.timestamps());
    }
}
