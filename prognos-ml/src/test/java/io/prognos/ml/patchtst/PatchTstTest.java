package io.prognos.ml.patchtst;

import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.forecast.ForecastAccuracy;
import io.prognos.core.forecast.ForecastShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchTstTest {

    private static final int ROWS = 1_200;
    private static final int FIT_END = 800;
    private static final int VALIDATION_END = 1_000;
    private static final double NOISE = 0.1;

    private static double[][] series;
    private static PatchTstForecaster trained;

    /** Two columns: sines of periods 24 and 40 with different offsets and scales, plus Gaussian noise. */
    @BeforeAll
    static void train() {
        Random random = new Random(7);
        series = new double[ROWS][2];
        for (int t = 0; t < ROWS; t++) {
            series[t][0] = Math.sin(2 * Math.PI * t / 24) + NOISE * random.nextGaussian();
            series[t][1] = 5 + 3 * Math.sin(2 * Math.PI * t / 40 + 1) + 3 * NOISE * random.nextGaussian();
        }
        PatchTstConfig config = new PatchTstConfig(new ForecastShape(96, 24), 16, 8, 16, 4, 2, 32, 0.1, 0.0, 32, 3e-3, 12,
                5, 120);
        trained = new PatchTstTrainer(config).train(series, FIT_END, FIT_END - 96, VALIDATION_END, 1, TrainingListener.NONE);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void learnsPeriodicSignalsToNearTheirNoise() {
        // the instance-normalised window mean alone scores about the signal variance (0.5 and 4.5);
        // a forecaster that learned the cycles approaches the noise variance (0.01 and 0.09)
        ForecastAccuracy test = ForecastAccuracy.evaluate(trained, series, VALIDATION_END - 96, ROWS);
        assertThat(test.mse()).isLessThan(0.15);
        assertThat(trained.report().validationLoss()).isLessThan(0.15);
        assertThat(trained.report().epochs()).isBetween(1, 12);
        assertThat(trained.report().validationLosses().get(trained.report().epochs() - 1))
                .isLessThan(trained.report().validationLosses().get(0));
    }

    @Test
    void savedAndRestoredForecasterForecastsIdentically() {
        byte[] bytes = trained.toBytes();
        try (PatchTstForecaster restored = PatchTstForecaster.fromBytes(bytes)) {
            double[][] history = Arrays.copyOfRange(series, 500, 700);
            assertThat(restored.forecast(history)).isDeepEqualTo(trained.forecast(history));
            assertThat(restored.shape()).isEqualTo(trained.shape());
        }
    }

    @Test
    void columnsAreForecastIndependentlyWithSharedWeights() {
        double[][] history = Arrays.copyOfRange(series, 300, 396);
        double[][] both = trained.forecast(history);
        for (int c = 0; c < 2; c++) {
            double[][] single = new double[history.length][1];
            for (int r = 0; r < history.length; r++) {
                single[r][0] = history[r][c];
            }
            double[][] alone = trained.forecast(single);
            for (int h = 0; h < 24; h++) {
                assertThat(alone[h][0]).isCloseTo(both[h][c], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void batchedWindowsMatchOneAtATime() {
        // batch size changes the order of float sums inside the engine, so agreement is to float precision
        double[][][] batched = trained.forecastWindows(series, new int[] {0, 10, 555});
        int[] starts = {0, 10, 555};
        for (int w = 0; w < starts.length; w++) {
            double[][] single = trained.forecast(Arrays.copyOfRange(series, starts[w], starts[w] + 96));
            for (int h = 0; h < 24; h++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(batched[w][h][c]).isCloseTo(single[h][c], org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void refusesShortOrNonFiniteHistory() {
        assertThatThrownBy(() -> trained.forecast(Arrays.copyOfRange(series, 0, 50)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last 96 rows");
        double[][] history = Arrays.copyOfRange(series, 0, 96);
        history[95] = new double[] {Double.NaN, 1};
        assertThatThrownBy(() -> trained.forecast(history))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 95, column 0 is NaN");
    }

    @Test
    void refusesBytesThatAreNotAForecaster() {
        byte[] bytes = trained.toBytes();
        byte[] badMagic = bytes.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> PatchTstForecaster.fromBytes(badMagic)).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> PatchTstForecaster.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] hugeWidth = bytes.clone();
        hugeWidth[8 + 4 * 4] = 0x7f; // modelDim's high byte
        assertThatThrownBy(() -> PatchTstForecaster.fromBytes(hugeWidth)).hasMessageContaining("model width");
        byte[] longHorizon = bytes.clone();
        longHorizon[8 + 4 + 2] = (byte) 0xEA; // horizon 60,000: a head far larger than the bytes
        longHorizon[8 + 4 + 3] = 0x60;
        assertThatThrownBy(() -> PatchTstForecaster.fromBytes(longHorizon)).hasMessageContaining("needs");
    }

    @Test
    void trainingRefusesValidationTargetsInsideTheFittingRows() {
        PatchTstTrainer trainer = new PatchTstTrainer(trained.config());
        assertThatThrownBy(() -> trainer.train(series, FIT_END, FIT_END - 200, VALIDATION_END, 1, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the fitting rows");
    }

    @Test
    void theBudgetsTailTrainsPartOfAnEpochAndTrainingEndsOnTime() {
        PatchTstConfig base = new PatchTstConfig(new ForecastShape(48, 12), 16, 8, 16, 4, 1, 32, 0.1, 0.0, 4, 3e-3, 10, 10, 60);
        long[] firstEpochNanos = new long[1];
        long started = System.nanoTime();
        // measure one epoch (with its validation), then train again with a budget that, after the listener has slept
        // through most of it, leaves about half an epoch after the first: too little for a whole second epoch
        new PatchTstTrainer(base.withMaxEpochs(1)).train(series, FIT_END, FIT_END - 48, VALIDATION_END, 1,
                (epoch, max, train, validation) -> firstEpochNanos[0] = System.nanoTime() - started).close();
        double epochSeconds = firstEpochNanos[0] / 1e9;
        double budget = 6 * epochSeconds + 2;
        PatchTstConfig config = base.withMaxTrainingSeconds(budget);
        long trainingStart = System.nanoTime();
        try (PatchTstForecaster forecaster = new PatchTstTrainer(config).train(series, FIT_END, FIT_END - 48, VALIDATION_END,
                1, (epoch, max, train, validation) -> {
                    if (epoch == 1) {
                        sleepUntil(trainingStart + (long) ((budget - 0.5 * epochSeconds) * 1e9));
                    }
                })) {
            double seconds = (System.nanoTime() - trainingStart) / 1e9;
            assertThat(forecaster.report().epochs()).as("a partial second epoch ran").isEqualTo(2);
            assertThat(forecaster.report().stoppedEarly()).isTrue();
            assertThat(seconds).as("training ends by the budget, give or take a batch")
                    .isLessThan(budget + 0.25 * epochSeconds + 0.5);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void configurationIsValidated() {
        ForecastShape shape = new ForecastShape(96, 24);
        assertThatThrownBy(() -> new PatchTstConfig(shape, 16, 8, 18, 4, 2, 32, 0.1, 0, 32, 1e-3, 5, 5, 60))
                .hasMessageContaining("heads (4) must divide modelDim (18)");
        assertThatThrownBy(() -> new PatchTstConfig(shape, 128, 8, 16, 4, 2, 32, 0.1, 0, 32, 1e-3, 5, 5, 60))
                .hasMessageContaining("exceeds the input length");
        assertThat(PatchTstConfig.defaults(new ForecastShape(336, 96)).patches()).isEqualTo(42);
        assertThat(PatchTstConfig.defaults(shape).learningRate(3)).as("the paper's rate").isEqualTo(1e-4);
        assertThat(PatchTstConfig.defaults(shape).learningRate(5)).isCloseTo(1e-4 * 0.81, org.assertj.core.data.Offset.offset(1e-13));
    }

    @Test
    void startingWeightsFollowTheReferenceInitialisationAndTheSeed() {
        PatchTstConfig config = PatchTstConfig.defaults(new ForecastShape(96, 24));
        java.util.Map<String, float[]> first = startingWeights(config, 4);
        java.util.Map<String, float[]> again = startingWeights(config, 4);
        first.forEach((name, values) -> assertThat(again.get(name)).as(name).containsExactly(values));
        assertThat(named(startingWeights(config, 5), "head_weight")).isNotEqualTo(named(first, "head_weight"));
        // the head maps patches x width = 12 x 16 = 192 values to the horizon: +-1/sqrt(192)
        assertThat(bound(named(first, "head_weight"))).isLessThanOrEqualTo((float) (1 / Math.sqrt(192)))
                .isGreaterThan((float) (0.95 / Math.sqrt(192)));
        assertThat(bound(named(first, "head_bias"))).isLessThanOrEqualTo((float) (1 / Math.sqrt(192)));
        assertThat(bound(named(first, "patch_embedding_weight"))).isLessThanOrEqualTo(0.25f).isGreaterThan(0.2f);
        assertThat(bound(named(first, "layer0_expand_weight"))).isLessThanOrEqualTo(0.25f);
        assertThat(bound(named(first, "layer0_contract_weight"))).isLessThanOrEqualTo((float) (1 / Math.sqrt(128)));
        assertThat(bound(named(first, "position"))).isLessThanOrEqualTo(0.02f);
        assertThat(named(first, "layer0_attention_norm_gamma")).containsOnly(1f);
    }

    private static java.util.Map<String, float[]> startingWeights(PatchTstConfig config, long seed) {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            PatchTstNetwork network = new PatchTstNetwork(config);
            network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, config.shape().inputLength(), 1));
            PatchTstTrainer.startWeights(network, seed);
            java.util.Map<String, float[]> values = new java.util.HashMap<>();
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : network.getParameters()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            return values;
        }
    }

    /** The one parameter whose name ends with the suffix (DJL prefixes child blocks with their index). */
    private static float[] named(java.util.Map<String, float[]> values, String suffix) {
        return values.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(java.util.Map.Entry::getValue)
                .reduce((a, b) -> {
                    throw new AssertionError("several parameters end with " + suffix);
                }).orElseThrow(() -> new AssertionError("no parameter ends with " + suffix + ": " + values.keySet()));
    }

    private static float bound(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
