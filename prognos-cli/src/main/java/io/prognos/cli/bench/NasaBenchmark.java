package io.prognos.cli.bench;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.eval.DetectionCounts;
import io.prognos.core.eval.OrionOverlapScorer;
import io.prognos.core.eval.TelemanomProtocol;
import io.prognos.core.io.telemanom.LabeledAnomalyRow;
import io.prognos.core.io.telemanom.TelemanomChannel;
import io.prognos.core.io.telemanom.TelemanomDataset;
import io.prognos.core.series.IndexRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Runs a Telemanom-style detector over the rows of a Telemanom-layout data set (train on
 * {@code train/<chan>}, detect on {@code test/<chan>}) and scores every row with the Telemanom
 * protocol and every channel with Orion's overlapping-segment counts.
 *
 * <p>A channel listed on several label rows (SMAP's P-2) is trained and detected once; its one set of
 * detections is scored against each row's labels, as the reference evaluates rows, so totals compare
 * with the published ones. A channel whose files are missing or broken becomes an error row and the
 * run goes on.
 */
public final class NasaBenchmark {

    private final ChannelRunner runner;
    private final int workers;

    /**
     * @param runner  trains and detects one channel (in this JVM or in a child process)
     * @param workers channels processed at once
     */
    public NasaBenchmark(ChannelRunner runner, int workers) {
        this.runner = runner;
        this.workers = workers;
    }

    /** Trains and detects one channel; never throws for a bad channel, it returns an error run instead. */
    public interface ChannelRunner {
        ChannelRun run(String chanId, BiConsumer<String, String> onEpoch);
    }

    /** Runs channels in this JVM. Deep models cannot train concurrently here (DJL allows one gradient tape). */
    public static ChannelRunner inProcess(TelemanomDataset dataset, TelemanomDetector detector, long seed,
                                          PredictionFiles predictionFiles) {
        return (chan, onEpoch) -> runChannel(dataset, detector, seed, chan, onEpoch, predictionFiles);
    }

    /** Detections of one channel, or the reason there are none. */
    public record ChannelRun(String chanId, List<AnomalySequence> sequences, double trainSeconds, double detectSeconds,
                             double predictSeconds, int windows, TrainingReport training, String error) {
    }

    /** One label row's outcome. */
    public record RowResult(LabeledAnomalyRow label, ChannelRun run, TelemanomProtocol.Result evaluation) {

        public boolean failed() {
            return run.error() != null;
        }
    }

    /** All rows in label-file order plus the Orion counts over channels. */
    public record Outcome(List<RowResult> rows, DetectionCounts telemanomTotals, DetectionCounts orionTotals,
                          double wallSeconds) {
    }

    /**
     * @param rows       the label rows to evaluate
     * @param onChannel  called as each channel finishes (for progress)
     * @param onEpoch    called with the channel id on every training epoch
     */
    public Outcome run(List<LabeledAnomalyRow> rows, BiConsumer<String, ChannelRun> onChannel,
                       BiConsumer<String, String> onEpoch) throws InterruptedException {
        long started = System.nanoTime();
        Map<String, Future<ChannelRun>> runs = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "bench-channel");
            t.setDaemon(true);
            return t;
        });
        try {
            for (LabeledAnomalyRow row : rows) {
                runs.computeIfAbsent(row.chanId(), chan -> pool.submit(() -> {
                    ChannelRun run = runner.run(chan, onEpoch);
                    onChannel.accept(chan, run);
                    return run;
                }));
            }
            List<RowResult> results = new ArrayList<>();
            for (LabeledAnomalyRow row : rows) {
                ChannelRun run = get(runs.get(row.chanId()), row.chanId());
                List<IndexRange> predicted = run.sequences().stream().map(AnomalySequence::range).toList();
                TelemanomProtocol.Result evaluation = run.error() != null
                        ? TelemanomProtocol.evaluate(row.sequences(), List.of())
                        : TelemanomProtocol.evaluate(row.sequences(), predicted);
                results.add(new RowResult(row, run, evaluation));
            }
            DetectionCounts telemanom = TelemanomProtocol.total(results.stream().map(RowResult::evaluation).toList());
            List<OrionOverlapScorer.Signal> signals = new ArrayList<>();
            for (RowResult r : results) {
                signals.add(new OrionOverlapScorer.Signal(r.label().chanId(), r.label().sequences(),
                        r.run().sequences().stream().map(AnomalySequence::range).toList()));
            }
            DetectionCounts orion = OrionOverlapScorer.scoreAll(OrionOverlapScorer.mergeRowsBySignal(signals));
            return new Outcome(results, telemanom, orion, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ChannelRun get(Future<ChannelRun> future, String chan) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return failed(chan, e.getCause());
        }
    }

    /**
     * Trains on {@code train/<chan>} and detects on {@code test/<chan>}, timing each part; with reused
     * predictions it skips training and only detects.
     */
    public static ChannelRun runChannel(TelemanomDataset dataset, TelemanomDetector detector, long seed, String chan,
                                        BiConsumer<String, String> onEpoch, PredictionFiles predictionFiles) {
        TelemanomChannel channel;
        try {
            channel = dataset.loadChannel(chan);
        } catch (Exception e) {
            return failed(chan, e);
        }
        try {
            if (predictionFiles.reusing()) {
                long t1 = System.nanoTime();
                int count = channel.test().length - detector.config().rowsPerWindow();
                double[] predictions = predictionFiles.load(chan, count);
                ErrorAnalysis analysis = detector.analyse(channel.test(), predictions);
                return new ChannelRun(chan, analysis.sequences(), 0, (System.nanoTime() - t1) / 1e9, 0,
                        predictions.length, null, null);
            }
            long t0 = System.nanoTime();
            TrainingListener listener = (epoch, max, trainLoss, validationLoss) -> onEpoch.accept(chan,
                    String.format("%s epoch %d/%d val %.5f", chan, epoch, max, validationLoss));
            try (TrainedPredictor predictor = detector.train(channel.train(), seed, listener)) {
                long t1 = System.nanoTime();
                double[] predictions = predictor.predictNext(channel.test());
                long t2 = System.nanoTime();
                predictionFiles.save(chan, predictions);
                ErrorAnalysis analysis = detector.analyse(channel.test(), predictions);
                long t3 = System.nanoTime();
                return new ChannelRun(chan, analysis.sequences(), (t1 - t0) / 1e9, (t3 - t1) / 1e9, (t2 - t1) / 1e9,
                        predictions.length, predictor.report(), null);
            }
        } catch (Exception e) {
            return failed(chan, e);
        }
    }

    static ChannelRun failed(String chan, Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return new ChannelRun(chan, List.of(), 0, 0, 0, 0, null, message);
    }
}
