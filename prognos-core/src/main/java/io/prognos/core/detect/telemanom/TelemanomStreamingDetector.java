package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.predict.RidgePredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.stream.StreamingDetector;

import java.util.Arrays;

/**
 * The product's detector (Telemanom's error processing on a ridge one-step predictor) as a streaming
 * detector: one reading at a time, bounded memory, as live scoring judges a sensor. After a warm-up it trains on
 * what it has seen; then each reading is predicted from the window before it, its error joins the trailing
 * {@code batchSize x windowSize} errors, and the newest reading is judged by one error window over them (EWMA
 * smoothing, the configured threshold, error buffer and pruning), exactly as the last window of
 * {@link TelemanomErrorProcessor#analyseThroughNewest} judges it. An anomalous sequence is reported once, at the
 * reading where it starts to cover the newest reading, with the bounded score {@code 1 - exp(-raw score)};
 * while it stays open the detector answers 0, so one incident is one alarm. Memory: the window plus the
 * trailing errors (2,350 values with Telemanom's defaults).
 */
public final class TelemanomStreamingDetector implements StreamingDetector, AutoCloseable {

    private final TelemanomStreamConfig config;
    private final TelemanomErrorProcessor processor;
    private final int window;
    private final int lookback;
    private final double[] warm;
    private int warmCount;
    private TrainedPredictor predictor;
    private double min;
    private double range;
    /** The last {@code window + lookback} scaled readings and the predictions of the last {@code lookback}. */
    private final double[] values;
    private final double[] predictions;
    private int predicted;
    private boolean inSequence;

    public TelemanomStreamingDetector() {
        this(TelemanomStreamConfig.defaults());
    }

    public TelemanomStreamingDetector(TelemanomStreamConfig config) {
        this.config = config;
        TelemanomConfig t = config.telemanom();
        this.processor = new TelemanomErrorProcessor(t);
        this.window = t.windowLength();
        this.lookback = t.batchSize() * t.windowSize();
        this.warm = new double[config.warmup()];
        this.values = new double[window + lookback];
        this.predictions = new double[lookback];
    }

    @Override
    public double score(long epochSecond, double value) {
        if (!Double.isFinite(value)) {
            return 0; // nothing to judge; the window keeps its last finite readings
        }
        if (predictor == null) {
            warm[warmCount++] = value;
            if (warmCount == warm.length) {
                train();
            }
            return 0;
        }
        double scaled = (value - min) / range * 2 - 1;
        double[][] rows = new double[window + 1][1];
        for (int i = 0; i < window; i++) {
            rows[i][0] = values[values.length - window + i];
        }
        rows[window][0] = scaled;
        double prediction = predictor.predictEveryNext(rows)[0];
        push(values, scaled);
        push(predictions, prediction);
        predicted = Math.min(lookback, predicted + 1);
        if (predicted < config.minErrors()) {
            return 0;
        }
        double[] telemetry = Arrays.copyOfRange(values, values.length - window - predicted, values.length);
        double[] recent = Arrays.copyOfRange(predictions, lookback - predicted, lookback);
        ErrorAnalysis analysis = processor.analyseThroughNewest(telemetry, recent);
        int newest = telemetry.length - 1;
        AnomalySequence covering = null;
        for (AnomalySequence s : analysis.sequences()) {
            if (s.start() <= newest && s.end() >= newest) {
                covering = s;
            }
        }
        if (covering == null) {
            inSequence = false;
            return 0;
        }
        if (inSequence) {
            return 0;
        }
        inSequence = true;
        return 1 - Math.exp(-covering.score());
    }

    /** Min-max scaling to [-1, 1] fitted on the warm-up, as training scales a sensor by default. */
    private void train() {
        min = Arrays.stream(warm).min().orElseThrow();
        double max = Arrays.stream(warm).max().orElseThrow();
        range = max > min ? max - min : 1;
        double[][] rows = new double[warm.length][1];
        for (int i = 0; i < warm.length; i++) {
            rows[i][0] = (warm[i] - min) / range * 2 - 1;
        }
        predictor = new RidgePredictorTrainer(config.telemanom()).train(rows, config.seed(), TrainingListener.NONE);
        for (int i = 0; i < window; i++) {
            values[values.length - window + i] = rows[rows.length - window + i][0];
        }
    }

    private static void push(double[] ring, double v) {
        System.arraycopy(ring, 1, ring, 0, ring.length - 1);
        ring[ring.length - 1] = v;
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
        }
    }
}
