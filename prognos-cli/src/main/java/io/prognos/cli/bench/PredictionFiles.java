package io.prognos.cli.bench;

import io.prognos.cli.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Saved test predictions of a benchmark run, one text file per channel ({@code <chan>.txt}, one value
 * per line in full precision). Saving lets the error processing and scoring be re-run on the same
 * predictions in seconds (to compare thresholding choices, or to average predictors) without
 * training again.
 *
 * @param saveTo    where to write each channel's predictions, or null
 * @param reuseFrom directories to read predictions from instead of training (their mean when several); empty to train
 */
public record PredictionFiles(Path saveTo, List<Path> reuseFrom) {

    public PredictionFiles {
        reuseFrom = List.copyOf(reuseFrom);
    }

    public static PredictionFiles none() {
        return new PredictionFiles(null, List.of());
    }

    public boolean reusing() {
        return !reuseFrom.isEmpty();
    }

    /** The element-wise mean of the channel's saved predictions in every reuse directory. */
    double[] load(String chan, int expectedLength) {
        double[] sum = new double[expectedLength];
        for (Path dir : reuseFrom) {
            Path file = dir.resolve(chan + ".txt");
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UserInputException(file + ": no saved predictions for channel " + chan);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            if (lines.size() != expectedLength) {
                throw new UserInputException(file + ": " + lines.size() + " predictions, the test series needs "
                        + expectedLength);
            }
            for (int i = 0; i < expectedLength; i++) {
                try {
                    sum[i] += Double.parseDouble(lines.get(i));
                } catch (NumberFormatException e) {
                    throw new UserInputException(file + " line " + (i + 1) + ": not a number: '" + lines.get(i) + "'");
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= reuseFrom.size();
        }
        return sum;
    }

    /** Writes the channel's predictions when saving was asked for. */
    void save(String chan, double[] predictions) {
        if (saveTo == null) {
            return;
        }
        StringBuilder text = new StringBuilder(predictions.length * 20);
        for (double p : predictions) {
            text.append(String.format(Locale.ROOT, "%.17g", p)).append('\n');
        }
        try {
            Files.createDirectories(saveTo);
            Files.writeString(saveTo.resolve(chan + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions of " + chan + " to " + saveTo + ": " + e.getMessage(), e);
        }
    }
}
