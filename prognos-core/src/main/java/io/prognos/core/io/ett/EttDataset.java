package io.prognos.core.io.ett;

import io.prognos.core.io.CsvSeriesOptions;
import io.prognos.core.io.CsvSeriesReader;
import io.prognos.core.series.TimeSeriesFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an ETT file ({@code ETTh1.csv} or {@code ETTh1.csv.gz} in a directory): a {@code date} column
 * and seven load and temperature columns, {@code OT} (oil temperature) being the usual target.
 */
public final class EttDataset {

    private EttDataset() {
    }

    /**
     * @param name ETTh1, ETTh2, ETTm1 or ETTm2
     * @throws IOException naming the file when it is missing, malformed or shorter than the standard split
     */
    public static TimeSeriesFrame load(Path directory, String name) throws IOException {
        EttSplit split = EttSplit.forDataset(name);
        Path file = directory.resolve(name + ".csv.gz");
        if (!Files.exists(file)) {
            file = directory.resolve(name + ".csv");
        }
        if (!Files.exists(file)) {
            throw new IOException("no " + name + ".csv or " + name + ".csv.gz in " + directory);
        }
        TimeSeriesFrame frame = new CsvSeriesReader(CsvSeriesOptions.builder().timestampColumn("date").build()).read(file);
        if (frame.length() < split.testEnd()) {
            throw new IOException(file + " has " + frame.length() + " rows; the standard split needs " + split.testEnd());
        }
        return frame;
    }
}
