package io.prognos.core.detect.telemanom;

import java.util.Objects;

/**
 * How {@link TelemanomStreamingDetector} runs the product's detector on a stream that starts untrained: it
 * collects {@code warmup} readings, fits a min-max scaler and the ridge predictor on them, and from then on
 * judges each reading on arrival against the trailing errors, once at least {@code minErrors} out-of-sample
 * errors exist.
 *
 * @param warmup    readings collected before training; at least the window length plus the prediction steps
 *                  plus 50 training windows
 * @param minErrors one-step errors seen after training before any reading is judged (a threshold needs some
 *                  history), at least 2
 * @param telemanom the detector's parameters (window, smoothing, threshold, error buffer, pruning)
 * @param seed      training seed
 */
public record TelemanomStreamConfig(int warmup, int minErrors, TelemanomConfig telemanom, long seed) {

    public TelemanomStreamConfig {
        Objects.requireNonNull(telemanom, "telemanom");
        int needed = telemanom.windowLength() + telemanom.predictionSteps() + 50;
        if (warmup < needed) {
            throw new IllegalArgumentException("warmup must be at least window length + prediction steps + 50 = "
                    + needed + ", got " + warmup);
        }
        if (minErrors < 2) {
            throw new IllegalArgumentException("minErrors must be at least 2, got " + minErrors);
        }
    }

    /**
     * Telemanom's published parameters; the stream trains after 600 readings (NAB's probationary period is
     * 15 % of a file, about 600 readings for most of its files) and judges from two batches of errors on.
     */
    public static TelemanomStreamConfig defaults() {
        TelemanomConfig d = TelemanomConfig.defaults();
        return new TelemanomStreamConfig(600, 2 * d.batchSize(), d, 0);
    }
}
