package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.cli.Progress;
import io.prognos.cli.UserInputException;
import io.prognos.core.forecast.BlendedForecaster;
import io.prognos.core.forecast.DriftForecaster;
import io.prognos.core.forecast.ForecastAccuracy;
import io.prognos.core.forecast.ForecastShape;
import io.prognos.core.forecast.Forecaster;
import io.prognos.core.forecast.ResidualPaths;
import io.prognos.core.forecast.RidgeForecaster;
import io.prognos.core.forecast.RollingConformal;
import io.prognos.core.forecast.SeasonalNaiveForecaster;
import io.prognos.core.forecast.WindowFeatures;
import io.prognos.core.io.ett.EttDataset;
import io.prognos.core.io.ett.EttSplit;
import io.prognos.core.series.TimeSeriesFrame;
import io.prognos.core.transform.Scaler;
import picocli.CommandLine.Command;
import io.prognos.ml.patchtst.PatchTstConfig;
import io.prognos.ml.patchtst.PatchTstForecaster;
import io.prognos.ml.patchtst.PatchTstTrainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code prognos bench ett}: long-horizon forecasting accuracy on the ETT data sets with the standard
 * protocol (chronological 12/4/4-month split, z-score fitted on the training months, every test window
 * with stride 1, MSE and MAE on the normalised scale averaged over windows, steps and the 7 columns).
 * The input length (and the ridge's regularisation) is chosen on the validation months only; the
 * validation errors also calibrate split-conformal 90 % intervals, whose coverage of the test months is
 * reported, beside that of rolling conformal intervals recalibrated from the last 500 forecasts whose
 * outcome was known (as a deployed forecaster would).
 */
@Command(name = "ett", mixinStandardHelpOptions = true,
        description = "Forecasting accuracy (MSE, MAE) on ETTh1/ETTh2/ETTm1 with the standard protocol.")
public final class BenchEttCommand implements Callable<Integer> {

    /** Published test MSE / MAE (DLinear paper Table 2, PatchTST paper Table 3), NaN where not listed. */
    private static final Map<String, double[]> PUBLISHED = Map.of(
            "ETTh1-96", new double[] {0.370, 0.400, 0.375, 0.399},
            "ETTh1-192", new double[] {0.413, Double.NaN, 0.405, Double.NaN},
            "ETTh1-336", new double[] {0.422, Double.NaN, 0.439, Double.NaN},
            "ETTh1-720", new double[] {0.447, Double.NaN, 0.472, Double.NaN},
            "ETTh2-96", new double[] {0.274, 0.337, 0.289, 0.353},
            "ETTm1-96", new double[] {0.293, 0.346, 0.299, 0.343});

    /** Forecasts whose errors calibrate a rolling interval (about three weeks of hourly data). */
    private static final int ROLLING_MEMORY = 500;
    private static final double[] RIDGE_LAMBDAS = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100};

    @Option(names = "--data", required = true, description = "Directory with ETTh1.csv[.gz], ETTh2..., ETTm1...")
    Path data;

    @Option(names = "--dataset", defaultValue = "ETTh1", description = "ETTh1, ETTh2 or ETTm1 (default ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--horizons", defaultValue = "96,192,336,720", split = ",", description = "Forecast horizons (default ${DEFAULT-VALUE})")
    List<Integer> horizons;

    @Option(names = "--model", defaultValue = "ridge",
            description = "ridge, patchtst (the PatchTST Transformer), patchtst-ridge (PatchTST and the ridge blended with a "
                    + "weight fitted on validation), dlinear (DLinear's model fitted in closed form), seasonal-naive or drift "
                    + "(default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--seed", defaultValue = "2021", description = "Seed of the PatchTST weights and batches (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--learning-rate", defaultValue = "" + PatchTstConfig.PAPER_LEARNING_RATE,
            description = "PatchTST's initial Adam learning rate (default ${DEFAULT-VALUE}, the paper's)")
    double learningRate;

    @Option(names = "--batch-size", defaultValue = "" + PatchTstConfig.PAPER_BATCH_SIZE,
            description = "PatchTST windows per Adam step, all columns of each (default ${DEFAULT-VALUE}, the paper's)")
    int batchSize;

    @Option(names = "--max-epochs", defaultValue = "100", description = "PatchTST epoch limit (default ${DEFAULT-VALUE})")
    int maxEpochs;

    @Option(names = "--max-train-minutes", defaultValue = "14",
            description = "PatchTST training budget per horizon, shared by the input lengths tried (default ${DEFAULT-VALUE})")
    double maxTrainMinutes;

    @Option(names = "--input-lengths", defaultValue = "96,192,336,512", split = ",",
            description = "Input lengths to choose from on validation (default ${DEFAULT-VALUE}; PatchTST alone: "
                    + "--patchtst-input); for patchtst-ridge they are the ridge's")
    List<Integer> inputLengths;

    @Option(names = "--patchtst-input", defaultValue = "336",
            description = "PatchTST's input length unless --input-lengths is given, and always in patchtst-ridge "
                    + "(default ${DEFAULT-VALUE}, the paper's PatchTST/42)")
    int patchTstInput;

    @Option(names = "--out", description = "Write the results as JSON to this file")
    Path out;

    @Spec
    CommandSpec spec;

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** One row of the results; {@code blend} is null unless the model is a blend. */
    record Result(String dataset, int horizon, String model, double mse, double mae, double trainSeconds, int inputLength,
                  Double lambda, double validationMse, long testWindows, double coverage90, double rollingCoverage90,
                  Blend blend) {
    }

    /** A blend's weight and its parts' own figures (the parts' test errors are reported, never used to choose). */
    record Blend(double weight, List<Part> parts) {
    }

    record Part(String model, int inputLength, double validationMse, double mse) {
    }

    /** A forecaster chosen on the validation months and its validation MSE. */
    private record Chosen(Forecaster forecaster, double validationMse) {
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("ridge", "patchtst", "patchtst-ridge", "dlinear", "seasonal-naive", "drift").contains(model)) {
            throw new UserInputException("--model must be ridge, patchtst, patchtst-ridge, dlinear, seasonal-naive or drift, got '"
                    + model + "'");
        }
        if (model.equals("patchtst") && !inputLengthsGiven()) {
            inputLengths = List.of(patchTstInput);
        }
        EttSplit split;
        try {
            split = EttSplit.forDataset(dataset);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        PrintStream o = System.out;
        TimeSeriesFrame frame = EttDataset.load(data, dataset);
        double[][] raw = Arrays.copyOf(frame.rows(), split.testEnd());
        Scaler scaler = Scaler.fit(Scaler.Kind.ZSCORE, Arrays.copyOfRange(raw, 0, split.trainEnd()));
        double[][] rows = scaler.apply(raw);
        double[][] train = Arrays.copyOfRange(rows, 0, split.trainEnd());
        o.printf("prognos bench ett: %s, %d columns %s, split %d/%d/%d rows, model %s, %s%n", dataset, frame.width(),
                frame.columns(), split.trainEnd(), split.validationEnd() - split.trainEnd(),
                split.testEnd() - split.validationEnd(), model, BuildInfo.platform());
        List<Result> results = new ArrayList<>();
        try (Progress progress = Progress.start("ett", horizons.size())) {
            for (int horizon : horizons) {
                results.add(run(split, rows, train, horizon));
                progress.step(dataset + "-" + horizon);
            }
        }
        o.println();
        o.printf("%-8s %7s %-15s %7s %7s %6s %8s %10s %8s %8s   %s%n", "dataset", "horizon", "model", "MSE", "MAE", "input",
                "lambda", "train s", "cover90", "rolling", "published MSE/MAE: PatchTST/64 | DLinear");
        for (Result r : results) {
            double[] p = PUBLISHED.get(r.dataset() + "-" + r.horizon());
            String published = p == null ? "" : String.format("%.3f/%s | %.3f/%s", p[0], fmt(p[1]), p[2], fmt(p[3]));
            o.printf("%-8s %7d %-15s %7.3f %7.3f %6d %8s %10.1f %7.1f%% %7.1f%%   %s%n", r.dataset(), r.horizon(),
                    r.model(), r.mse(), r.mae(), r.inputLength(), r.lambda() == null ? "-" : String.valueOf(r.lambda()),
                    r.trainSeconds(), 100 * r.coverage90(), 100 * r.rollingCoverage90(), published);
        }
        for (Result r : results) {
            if (r.blend() != null) {
                StringBuilder parts = new StringBuilder();
                for (Part part : r.blend().parts()) {
                    parts.append(String.format("; %s (input %d): validation %.4f, test %.3f", part.model(), part.inputLength(),
                            part.validationMse(), part.mse()));
                }
                o.printf("%s-%d blend: weight %.3f on %s%s%n", r.dataset(), r.horizon(), r.blend().weight(),
                        r.blend().parts().get(0).model(), parts);
            }
        }
        if (out != null) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("benchmark", "ett");
            root.put("protocol", "split 12/4/4 months, z-score fitted on train, stride-1 test windows, MSE/MAE on the "
                    + "normalised scale averaged over windows, steps and columns; input length chosen on validation");
            root.put("platform", BuildInfo.platform());
            root.put("code_version", BuildInfo.version());
            if (model.startsWith("patchtst")) {
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("seed", seed);
                settings.put("batch_size", batchSize);
                settings.put("learning_rate", learningRate);
                settings.put("max_epochs", maxEpochs);
                settings.put("max_train_minutes", maxTrainMinutes);
                root.put("patchtst_settings", settings);
            }
            List<Map<String, Object>> rowsOut = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("dataset", r.dataset());
                m.put("horizon", r.horizon());
                m.put("model", r.model());
                m.put("mse", r.mse());
                m.put("mae", r.mae());
                m.put("train_seconds", r.trainSeconds());
                m.put("input_length", r.inputLength());
                m.put("lambda", r.lambda());
                m.put("validation_mse", r.validationMse());
                m.put("test_windows", r.testWindows());
                m.put("conformal_90_coverage", r.coverage90());
                m.put("rolling_conformal_90_coverage", r.rollingCoverage90());
                if (r.blend() != null) {
                    m.put("blend_weight", r.blend().weight());
                    List<Map<String, Object>> parts = new ArrayList<>();
                    for (Part part : r.blend().parts()) {
                        Map<String, Object> pm = new LinkedHashMap<>();
                        pm.put("model", part.model());
                        pm.put("input_length", part.inputLength());
                        pm.put("validation_mse", part.validationMse());
                        pm.put("mse", part.mse());
                        parts.add(pm);
                    }
                    m.put("parts", parts);
                }
                rowsOut.add(m);
            }
            root.put("results", rowsOut);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), root);
            o.println("wrote " + out);
        }
        return 0;
    }

    private Result run(EttSplit split, double[][] rows, double[][] train, int horizon) {
        long t0 = System.nanoTime();
        if (model.equals("patchtst-ridge")) {
            return runBlend(split, rows, train, horizon, t0);
        }
        Chosen chosen = chooseOnValidation(model, split, rows, train, horizon, candidateInputLengths(split), t0);
        return evaluate(split, rows, horizon, chosen, (System.nanoTime() - t0) / 1e9, null);
    }

    /**
     * PatchTST (input {@code --patchtst-input}) and the ridge chosen on validation, blended with the weight that minimises the
     * validation MSE. The ridge is fitted first; PatchTST trains in what is left of the horizon's budget.
     */
    private Result runBlend(EttSplit split, double[][] rows, double[][] train, int horizon, long t0) {
        Chosen ridge = chooseOnValidation("ridge", split, rows, train, horizon, inputLengths, t0);
        Forecaster transformer = trainPatchTst(split, rows, new ForecastShape(patchTstInput, horizon), t0, 1);
        double transformerValidation = ForecastAccuracy.evaluate(transformer, rows, split.validationStart(patchTstInput),
                split.validationEnd()).mse();
        int inputLength = Math.max(patchTstInput, ridge.forecaster().shape().inputLength());
        BlendedForecaster blend = BlendedForecaster.fitWeight(transformer, ridge.forecaster(), rows,
                split.validationStart(inputLength), split.validationEnd());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double validation = ForecastAccuracy.evaluate(blend, rows, split.validationStart(inputLength), split.validationEnd()).mse();
        List<Part> parts = new ArrayList<>();
        for (Chosen part : List.of(new Chosen(transformer, transformerValidation), ridge)) {
            int length = part.forecaster().shape().inputLength();
            parts.add(new Part(part.forecaster().name(), length, part.validationMse(),
                    ForecastAccuracy.evaluate(part.forecaster(), rows, split.testStart(length), split.testEnd()).mse()));
        }
        return evaluate(split, rows, horizon, new Chosen(blend, validation), seconds, new Blend(blend.weight(), parts));
    }

    /** The candidate of the given kind with the lowest validation MSE over the input lengths (and ridge lambdas). */
    private Chosen chooseOnValidation(String kind, EttSplit split, double[][] rows, double[][] train, int horizon,
                                      List<Integer> lengths, long t0) {
        Forecaster best = null;
        double bestValidation = Double.POSITIVE_INFINITY;
        for (int inputLength : lengths) {
            ForecastShape shape = new ForecastShape(inputLength, horizon);
            List<Forecaster> candidates = new ArrayList<>();
            switch (kind) {
                case "ridge", "dlinear" -> {
                    RidgeForecaster.Gram gram = RidgeForecaster.Gram.of(train, shape, kind.equals("ridge")
                            ? WindowFeatures.INSTANCE_NORMALISED : WindowFeatures.DECOMPOSED);
                    for (double lambda : RIDGE_LAMBDAS) {
                        candidates.add(gram.solve(lambda));
                    }
                }
                case "patchtst" -> candidates.add(trainPatchTst(split, rows, shape, t0,
                        lengths.size() - lengths.indexOf(inputLength)));
                case "seasonal-naive" -> candidates.add(new SeasonalNaiveForecaster(shape, seasonPeriod(split)));
                default -> candidates.add(new DriftForecaster(shape));
            }
            for (Forecaster candidate : candidates) {
                double validation = ForecastAccuracy.evaluate(candidate, rows, split.validationStart(inputLength),
                        split.validationEnd()).mse();
                if (validation < bestValidation) {
                    bestValidation = validation;
                    best = candidate;
                }
            }
        }
        return new Chosen(best, bestValidation);
    }

    private Result evaluate(EttSplit split, double[][] rows, int horizon, Chosen chosen, double seconds, Blend blend) {
        Forecaster best = chosen.forecaster();
        double bestValidation = chosen.validationMse();
        int inputLength = best.shape().inputLength();
        double[] halfWidths = ResidualPaths.collect(best, rows, split.validationStart(inputLength), split.validationEnd())
                .halfWidths(0.9);
        ForecastAccuracy test = ForecastAccuracy.evaluate(best, rows, split.testStart(inputLength), split.testEnd(),
                halfWidths);
        Double lambda = best instanceof RidgeForecaster r ? r.lambda()
                : best instanceof BlendedForecaster b && b.second() instanceof RidgeForecaster r ? r.lambda() : null;
        RollingConformal rolling = RollingConformal.evaluate(best, rows, split.trainEnd(), split.validationEnd(),
                split.testEnd(), 0.9, ROLLING_MEMORY, 24);
        Result result = new Result(dataset, horizon, model, test.mse(), test.mae(), seconds, inputLength, lambda, bestValidation,
                test.windows(), test.coverage(), rolling.coverage(), blend);
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing a trained model: " + e.getMessage(), e);
            }
        }
        opened.clear();
        return result;
    }

    /**
     * Trains PatchTST on the training months with early stopping on the validation months, within its share
     * of what is left of the horizon's time budget ({@code remaining} models still to train share it).
     */
    private Forecaster trainPatchTst(EttSplit split, double[][] rows, ForecastShape shape, long horizonStart, int remaining) {
        double spent = (System.nanoTime() - horizonStart) / 1e9;
        double left = maxTrainMinutes * 60 - spent;
        PatchTstConfig config = PatchTstConfig.defaults(shape).withMaxEpochs(maxEpochs).withBatchSize(batchSize)
                .withLearningRate(learningRate).withMaxTrainingSeconds(Math.max(1, left / remaining));
        PatchTstForecaster forecaster = new PatchTstTrainer(config).train(rows, split.trainEnd(),
                split.validationStart(shape.inputLength()), split.validationEnd(), seed,
                (epoch, max, trainLoss, validationLoss) -> System.err.printf(
                        "  patchtst %s-%d input %d epoch %d: train MSE %.4f, validation MSE %.4f (%.0f s)%n", dataset,
                        shape.horizon(), shape.inputLength(), epoch, trainLoss, validationLoss,
                        (System.nanoTime() - horizonStart) / 1e9));
        opened.add(forecaster);
        return forecaster;
    }

    private boolean inputLengthsGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--input-lengths");
    }

    private List<Integer> candidateInputLengths(EttSplit split) {
        if (model.equals("seasonal-naive")) {
            return List.of(seasonPeriod(split));
        }
        return inputLengths;
    }

    /** One day. */
    private static int seasonPeriod(EttSplit split) {
        return split.rowsPerMonth() / 30;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }
}
