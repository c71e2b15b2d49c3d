package io.prognos.cli.store;

import io.prognos.cli.Progress;
import io.prognos.cli.UserInputException;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorScorer;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.core.eval.DetectionCounts;
import io.prognos.core.eval.TelemanomProtocol;
import io.prognos.core.series.IndexRange;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.StoredAnomaly;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The stored-telemetry mode of {@code prognos detect}: scores sensors with their Production detectors. */
public final class StoredDetection {

    private final StoreOptions store;
    private final List<String> sensors;
    private final boolean all;
    private final String from;
    private final String to;

    public StoredDetection(StoreOptions store, List<String> sensors, boolean all, String from, String to) {
        this.store = store;
        this.sensors = sensors;
        this.all = all;
        this.from = from;
        this.to = to;
    }

    public int run() {
        long fromMillis = instant(from, "--from", Long.MIN_VALUE);
        long toMillis = instant(to, "--to", Long.MAX_VALUE);
        PipelineContext context = store.open();
        Set<String> targets = new LinkedHashSet<>(sensors);
        if (all) {
            for (ModelVersion v : context.registry().inStage(Stage.PRODUCTION)) {
                if (v.kind().equals(SensorTrainer.KIND)) {
                    targets.add(v.sensorId());
                }
            }
        }
        if (targets.isEmpty()) {
            throw new UserInputException("no sensor has a Production detector in " + context.db().describe()
                    + ": run prognos train first");
        }
        PrintStream o = System.out;
        SensorScorer scorer = new SensorScorer(context);
        AnomalyRepository anomalyStore = new AnomalyRepository(context.db());
        DetectionCounts labelled = DetectionCounts.ZERO;
        int labelledSensors = 0;
        List<String> failures = new ArrayList<>();
        int anomalies = 0;
        int stored = 0;
        long scoredPoints = 0;
        long unjudgedPoints = 0;
        try (Progress progress = Progress.start("detect", targets.size())) {
            for (String sensor : targets) {
                try {
                    SensorScorer.Outcome r = scorer.score(sensor, fromMillis, toMillis);
                    anomalies += r.anomalies().size();
                    stored += r.newlyStored();
                    progress.step(sensor + ": " + r.anomalies().size() + " anomalies");
                    List<IndexRange> labels = labelsWithin(anomalyStore.labels(sensor), fromMillis, toMillis);
                    if (!labels.isEmpty()) {
                        List<IndexRange> found = r.anomalies().stream()
                                .map(a -> new IndexRange(a.startMillis(), a.endMillis())).toList();
                        labelled = labelled.plus(TelemanomProtocol.evaluate(labels, found).counts());
                        labelledSensors++;
                    }
                    scoredPoints += r.scoredPoints();
                    unjudgedPoints += r.unscoredPoints();
                    for (StoredAnomaly a : r.anomalies()) {
                        o.printf("%-16s v%-3d %s .. %s  score %6.3f  %s%n", sensor, r.version().version(),
                                Instant.ofEpochMilli(a.startMillis()), Instant.ofEpochMilli(a.endMillis()), a.score(),
                                a.severity());
                    }
                } catch (RuntimeException e) {
                    failures.add(sensor + ": " + e.getMessage());
                    progress.step(sensor + ": ERROR");
                }
            }
        }
        o.printf("%d sensors scored, %d anomalies (%d newly stored), %d failed%n", targets.size() - failures.size(),
                anomalies, stored, failures.size());
        o.printf("%,d points judged; %,d in the range not judged: the last prediction steps of each stretch (they need "
                + "the readings after them), the first window of a stretch that starts after a long gap (only the "
                + "model's input), and stretches shorter than one window%n", scoredPoints, unjudgedPoints);
        if (labelledSensors > 0) {
            o.printf("against the stored labels of %d sensors (Telemanom protocol, by time overlap): TP %d, FP %d, FN %d, "
                    + "precision %.3f, recall %.3f, F1 %.3f%n", labelledSensors, labelled.tp(), labelled.fp(), labelled.fn(),
                    labelled.precision(), labelled.recall(), labelled.f1());
        }
        failures.forEach(f -> o.println("ERROR " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static long instant(String text, String option, long absent) {
        if (text == null) {
            return absent;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new UserInputException(option + " '" + text + "' is not an ISO-8601 instant such as 2018-01-01T00:00:00Z");
        }
    }

    /** Labels overlapping [from, to) as time ranges (epoch ms, inclusive), in time order. */
    private static List<IndexRange> labelsWithin(List<AnomalyRepository.Label> labels, long from, long to) {
        return labels.stream().filter(l -> l.endMillis() >= from && l.startMillis() < to)
                .map(l -> new IndexRange(l.startMillis(), l.endMillis())).sorted().toList();
    }
}
