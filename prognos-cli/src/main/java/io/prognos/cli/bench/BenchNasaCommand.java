package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.cli.Detectors;
import io.prognos.cli.EngineThreads;
import io.prognos.cli.Progress;
import io.prognos.cli.UserInputException;
import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.eval.DetectionCounts;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.io.telemanom.LabeledAnomalyRow;
import io.prognos.core.io.telemanom.TelemanomDataset;
import io.prognos.core.series.IndexRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code prognos bench nasa}: Telemanom-protocol accuracy and speed on NASA SMAP/MSL data in the
 * telemanom layout, printed beside the published results.
 */
@Command(name = "nasa", mixinStandardHelpOptions = true,
        description = "Train on train/<chan>, detect on test/<chan>, score with the Telemanom protocol and Orion F1.")
public final class BenchNasaCommand implements Callable<Integer> {

    @Mixin
    NasaRunOptions run;

    @Option(names = "--channels", split = ",", description = "Only these channels (default: every label row)")
    List<String> channels = new ArrayList<>();

    @Option(names = "--out", description = "Write the results as JSON to this file")
    Path out;

    @Option(names = "--workers", description = "Channels processed at once, each with single-threaded PyTorch "
            + "(default: one per core; 1 makes LSTM runs bit-reproducible)")
    Integer workers;

    @Option(names = "--reference", paramLabel = "FILE", description = "A results file of the reference "
            + "implementation (telemanom's results/<run_id>.csv): its counts are printed and written beside ours, row by row")
    Path referenceFile;

    @Override
    public Integer call() throws Exception {
        if (workers == null) {
            workers = run.detectorName.equals("linear") || run.predictionFiles().reusing() ? 1 : Runtime.getRuntime().availableProcessors();
        }
        if (workers < 1) {
            throw new UserInputException("--workers must be >= 1");
        }
        EngineThreads.configure(workers);
        Path data = run.data;
        String detectorName = run.detectorName;
        long seed = run.seed;
        TelemanomDataset dataset;
        try {
            dataset = TelemanomDataset.open(data);
        } catch (RuntimeException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        List<LabeledAnomalyRow> rows = selectRows(dataset.labels());
        Map<Integer, DetectionCounts> reference = referenceFile == null ? Map.of() : readReference(rows);
        TelemanomConfig config = run.config();
        TelemanomDetector detector = Detectors.create(detectorName, config);
        Set<String> unique = new LinkedHashSet<>();
        rows.forEach(r -> unique.add(r.chanId()));

        PrintStream o = System.out;
        o.printf("prognos bench nasa: %d label rows, %d channels, detector %s (%s predictor), threshold %s, seed %d, %s%n",
                rows.size(), unique.size(), detectorName, detector.predictorName(), NasaRunOptions.name(run.threshold),
                seed, BuildInfo.platform());
        if (run.predictionFiles().reusing()) {
            o.println("no training: detecting on the predictions saved in " + run.reusePredictions
                    + (run.reusePredictions.size() > 1 ? " (their mean)" : ""));
        }
        NasaBenchmark.Outcome outcome;
        try (Progress progress = Progress.start("SMAP", unique.size())) {
            NasaBenchmark.ChannelRunner runner = workers > 1 && !detectorName.equals("linear")
                    && !run.predictionFiles().reusing()
                    ? new ChildProcessRunner(run.asArguments())
                    : NasaBenchmark.inProcess(dataset, detector, seed, run.predictionFiles());
            NasaBenchmark bench = new NasaBenchmark(runner, workers);
            outcome = bench.run(rows,
                    (chan, run) -> progress.step(run.error() == null
                            ? String.format("%s: %d sequences, train %.1fs", chan, run.sequences().size(), run.trainSeconds())
                            : chan + ": ERROR"),
                    (chan, note) -> progress.note(note));
        }
        ReferenceComparison comparison = reference.isEmpty() ? null : ReferenceComparison.of(outcome, reference);
        printTable(o, outcome, unique.size(), reference, comparison);
        if (out != null) {
            writeJson(outcome, config, reference, comparison);
            o.println("wrote " + out);
        }
        return outcome.rows().stream().anyMatch(NasaBenchmark.RowResult::failed) ? 1 : 0;
    }

    private List<LabeledAnomalyRow> selectRows(List<LabeledAnomalyRow> all) {
        if (channels.isEmpty()) {
            return all;
        }
        List<LabeledAnomalyRow> chosen = new ArrayList<>();
        for (String chan : channels) {
            List<LabeledAnomalyRow> matching = all.stream().filter(r -> r.chanId().equals(chan)).toList();
            if (matching.isEmpty()) {
                throw new UserInputException("channel '" + chan + "' has no row in " + run.data.resolve("labeled_anomalies.csv"));
            }
            chosen.addAll(matching);
        }
        chosen.sort((a, b) -> Integer.compare(a.rowNumber(), b.rowNumber()));
        return chosen;
    }

    private Map<Integer, DetectionCounts> readReference(List<LabeledAnomalyRow> rows) {
        Map<Integer, DetectionCounts> matched;
        try {
            matched = ReferenceResults.read(referenceFile).matching(rows);
        } catch (NoSuchFileException e) {
            throw new UserInputException("--reference: no such file " + referenceFile, e);
        } catch (DataFormatException e) {
            throw new UserInputException("--reference: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException("--reference: cannot read " + referenceFile + ": " + e.getMessage(), e);
        }
        if (matched.isEmpty()) {
            throw new UserInputException("--reference " + referenceFile + " has no row for any of the "
                    + rows.size() + " label rows chosen");
        }
        return matched;
    }

    private void printTable(PrintStream o, NasaBenchmark.Outcome outcome, int channelCount,
                            Map<Integer, DetectionCounts> reference, ReferenceComparison comparison) {
        o.println();
        o.printf("%-6s %-7s %8s %4s %4s %4s %9s %9s %s %s%n", "row", "chan", "labelled", "TP", "FP", "FN", "train s",
                "detect s", reference.isEmpty() ? "" : String.format("%-12s", "ref TP/FP/FN"), "note");
        Set<String> seen = new LinkedHashSet<>();
        for (NasaBenchmark.RowResult r : outcome.rows()) {
            DetectionCounts c = r.evaluation().counts();
            String note = r.failed() ? "ERROR: " + r.run().error()
                    : (seen.contains(r.label().chanId()) ? "same detections as its earlier row" : "");
            seen.add(r.label().chanId());
            DetectionCounts theirs = reference.get(r.label().rowNumber());
            String referenceColumn = reference.isEmpty() ? ""
                    : String.format("%-12s", theirs == null ? "-" : theirs.tp() + "/" + theirs.fp() + "/" + theirs.fn()
                    + (theirs.equals(c) ? "" : " *"));
            o.printf("%-6d %-7s %8d %4d %4d %4d %9.1f %9.2f %s %s%n", r.label().rowNumber(), r.label().chanId(),
                    r.label().sequences().size(), c.tp(), c.fp(), c.fn(), r.run().trainSeconds(), r.run().detectSeconds(),
                    referenceColumn, note);
        }
        DetectionCounts t = outcome.telemanomTotals();
        DetectionCounts orion = outcome.orionTotals();
        o.println();
        o.printf("Totals (Telemanom protocol, each label row on its own, so P-2 counts twice as in the published totals):%n");
        o.printf("  TP %d  FP %d  FN %d   precision %.3f  recall %.3f  F0.5 %.3f  F1 %.3f%n", t.tp(), t.fp(), t.fn(),
                t.precision(), t.recall(), t.f05(), t.f1());
        o.printf("  Orion overlapping-segment F1 (per channel, labels of repeated rows merged): %.4f (TP %d FP %d FN %d)%n",
                orion.f1(), orion.tp(), orion.fp(), orion.fn());
        o.println("Published (SMAP):");
        o.println("  Telemanom paper (KDD 2018), with pruning:  precision 0.855  recall 0.855");
        DetectionCounts shipped = new DetectionCounts(62, 12, 7);
        o.printf("  telemanom run 2018-05-19 (2018 code):      TP 62  FP 12  FN 7   precision %.3f  recall %.3f  F0.5 %.3f  F1 %.3f%n",
                shipped.precision(), shipped.recall(), shipped.f05(), shipped.f1());
        DetectionCounts currentCode = new DetectionCounts(57, 17, 12);
        o.printf("  telemanom run 2019-11-14 (current code):   TP 57  FP 17  FN 12  precision %.3f  recall %.3f  F0.5 %.3f  F1 %.3f%n",
                currentCode.precision(), currentCode.recall(), currentCode.f05(), currentCode.f1());
        o.println("  Orion 0.7.1 SMAP F1:                       AER 0.7642   LSTM-DT 0.7324");
        if (comparison != null) {
            DetectionCounts theirs = comparison.theirs();
            DetectionCounts ours = comparison.ours();
            o.printf("Reference %s on the same %d rows: TP %d  FP %d  FN %d  precision %.3f  recall %.3f  F0.5 %.3f  F1 %.3f%n",
                    referenceFile.getFileName(), comparison.rows(), theirs.tp(), theirs.fp(), theirs.fn(), theirs.precision(),
                    theirs.recall(), theirs.f05(), theirs.f1());
            o.printf("  ours on those rows: TP %d  FP %d  FN %d; rows with the same counts: %d of %d (the others are marked *)%n",
                    ours.tp(), ours.fp(), ours.fn(), comparison.sameCounts(), comparison.rows());
        }
        if (run.predictionFiles().reusing()) {
            o.printf("Speed: wall %.1f s for %d channels; saved predictions were reused, so nothing was trained or "
                    + "predicted and only thresholding was timed%n", outcome.wallSeconds(), channelCount);
            return;
        }
        SpeedSummary speed = SpeedSummary.of(outcome);
        o.printf("Speed: wall %.1f s for %d channels; median train %.1f s per channel; detection per worker %.0f windows/s (prediction only), %.0f windows/s including thresholding (machine throughput: bench detect-speed)%n",
                outcome.wallSeconds(), channelCount, speed.medianTrainSeconds(), speed.predictWindowsPerSecond(),
                speed.detectWindowsPerSecond());
    }

    private void writeJson(NasaBenchmark.Outcome outcome, TelemanomConfig config,
                           Map<Integer, DetectionCounts> reference, ReferenceComparison comparison) throws IOException {
        DetectionCounts t = outcome.telemanomTotals();
        SpeedSummary speed = SpeedSummary.of(outcome);
        Map<String, Object> totals = countsAndRatios(t);
        totals.put("orion_f1", outcome.orionTotals().f1());
        totals.put("orion_tp", outcome.orionTotals().tp());
        totals.put("orion_fp", outcome.orionTotals().fp());
        totals.put("orion_fn", outcome.orionTotals().fn());
        totals.put("wall_seconds", outcome.wallSeconds());
        if (!run.predictionFiles().reusing()) {
            totals.put("median_train_seconds", speed.medianTrainSeconds());
            totals.put("predict_windows_per_second", speed.predictWindowsPerSecond());
            totals.put("detect_windows_per_second", speed.detectWindowsPerSecond());
        }
        List<Map<String, Object>> channelRows = new ArrayList<>();
        for (NasaBenchmark.RowResult r : outcome.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("row", r.label().rowNumber());
            row.put("chan_id", r.label().chanId());
            row.put("labelled", ranges(r.label().sequences()));
            row.put("predicted", ranges(r.run().sequences().stream().map(AnomalySequence::range).toList()));
            row.put("scores", r.run().sequences().stream().map(AnomalySequence::score).toList());
            row.put("tp", r.evaluation().counts().tp());
            row.put("fp", r.evaluation().counts().fp());
            row.put("fn", r.evaluation().counts().fn());
            row.put("train_seconds", r.run().trainSeconds());
            row.put("detect_seconds", r.run().detectSeconds());
            row.put("predict_seconds", r.run().predictSeconds());
            row.put("windows", r.run().windows());
            if (r.run().training() != null) {
                row.put("epochs", r.run().training().epochs());
                row.put("validation_mse", r.run().training().validationLoss());
            }
            if (r.failed()) {
                row.put("error", r.run().error());
            }
            DetectionCounts theirs = reference.get(r.label().rowNumber());
            if (theirs != null) {
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("tp", theirs.tp());
                counts.put("fp", theirs.fp());
                counts.put("fn", theirs.fn());
                row.put("reference", counts);
            }
            channelRows.add(row);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "nasa");
        root.put("data", run.data.toAbsolutePath().toString());
        root.put("detector", run.detectorName);
        root.put("threshold", NasaRunOptions.name(config.threshold().method()));
        root.put("seed", run.seed);
        root.put("workers", workers);
        if (run.predictionFiles().reusing()) {
            root.put("predictions_reused_from", run.reusePredictions.stream().map(p -> p.toAbsolutePath().toString()).toList());
        }
        root.put("pytorch_threads_per_worker", System.getProperty("ai.djl.pytorch.num_threads"));
        root.put("code_version", BuildInfo.version());
        root.put("platform", BuildInfo.platform());
        root.put("protocol", "Telemanom: each label row scored on its own (P-2 twice); predicted ranges are inclusive "
                + "test-row indices; a predicted range overlapping a labelled one is a true positive, each labelled range "
                + "counts once. orion_f1: per channel, labels of repeated rows merged, inclusive ranges.");
        root.put("config", config);
        root.put("totals", totals);
        if (comparison != null) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("file", referenceFile.toAbsolutePath().toString());
            summary.put("rows", comparison.rows());
            summary.put("rows_with_same_counts", comparison.sameCounts());
            summary.putAll(countsAndRatios(comparison.theirs()));
            root.put("reference", summary);
        }
        root.put("channels", channelRows);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), root);
    }

    /** tp, fp, fn and the ratios computed from them, under the JSON's names. */
    private static Map<String, Object> countsAndRatios(DetectionCounts counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tp", counts.tp());
        json.put("fp", counts.fp());
        json.put("fn", counts.fn());
        json.put("precision", counts.precision());
        json.put("recall", counts.recall());
        json.put("f0_5", counts.f05());
        json.put("f1", counts.f1());
        return json;
    }

    private static List<long[]> ranges(List<IndexRange> ranges) {
        return ranges.stream().map(r -> new long[] {r.start(), r.end()}).toList();
    }

    /**
     * Our counts and the reference run's, summed over the rows both have (rows that ran and that the results
     * file lists), and how many of those rows have identical counts.
     */
    record ReferenceComparison(int rows, int sameCounts, DetectionCounts ours, DetectionCounts theirs) {
        static ReferenceComparison of(NasaBenchmark.Outcome outcome, Map<Integer, DetectionCounts> reference) {
            int rows = 0;
            int same = 0;
            DetectionCounts ours = DetectionCounts.ZERO;
            DetectionCounts theirs = DetectionCounts.ZERO;
            for (NasaBenchmark.RowResult r : outcome.rows()) {
                DetectionCounts referenceCounts = reference.get(r.label().rowNumber());
                if (r.failed() || referenceCounts == null) {
                    continue;
                }
                DetectionCounts counts = r.evaluation().counts();
                rows++;
                same += counts.equals(referenceCounts) ? 1 : 0;
                ours = ours.plus(counts);
                theirs = theirs.plus(referenceCounts);
            }
            return new ReferenceComparison(rows, same, ours, theirs);
        }
    }

    /** Speed figures over the channels that ran (each channel once). */
    record SpeedSummary(double medianTrainSeconds, double predictWindowsPerSecond, double detectWindowsPerSecond) {
        static SpeedSummary of(NasaBenchmark.Outcome outcome) {
            Map<String, NasaBenchmark.ChannelRun> runs = new LinkedHashMap<>();
            for (NasaBenchmark.RowResult r : outcome.rows()) {
                if (!r.failed()) {
                    runs.putIfAbsent(r.label().chanId(), r.run());
                }
            }
            double[] train = runs.values().stream().mapToDouble(NasaBenchmark.ChannelRun::trainSeconds).toArray();
            Arrays.sort(train);
            double median = train.length == 0 ? Double.NaN : train.length % 2 == 1 ? train[train.length / 2]
                    : (train[train.length / 2 - 1] + train[train.length / 2]) / 2;
            long windows = runs.values().stream().mapToLong(NasaBenchmark.ChannelRun::windows).sum();
            double predict = runs.values().stream().mapToDouble(NasaBenchmark.ChannelRun::predictSeconds).sum();
            double detect = runs.values().stream().mapToDouble(NasaBenchmark.ChannelRun::detectSeconds).sum();
            return new SpeedSummary(median, windows / predict, windows / detect);
        }
    }
}
