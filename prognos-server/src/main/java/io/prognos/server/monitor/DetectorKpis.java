package io.prognos.server.monitor;

import io.prognos.core.asset.Sensor;
import io.prognos.core.eval.kpi.ConfusionMatrix;
import io.prognos.core.eval.kpi.DegradationVerdict;
import io.prognos.core.eval.kpi.KpiDegradation;
import io.prognos.core.eval.kpi.KpiDirection;
import io.prognos.core.eval.kpi.KpiSeries;
import io.prognos.core.eval.kpi.LabelledEvent;
import io.prognos.core.eval.kpi.RocCurve;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import io.prognos.store.StoredAnomaly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How well the detectors do in service, from what operators said about their anomalies: a confirmed anomaly is
 * a true positive, a rejected one a false positive, and a labelled anomalous span that no stored anomaly of
 * the sensor overlaps a miss (labels that operators' confirmations created are not counted again). Unreviewed
 * anomalies count nowhere, and nothing is known about true negatives, so no false-positive rate is claimed.
 *
 * <p>For the ROC curve, reviewed anomalies keep their scores and a miss scores 0 (it raised no alarm), so the
 * AUC says how well the score ranks real faults above false alarms. Each sensor's Production detector is judged
 * on its own reviewed anomalies against the precision it had on labelled validation data; without such a
 * baseline no verdict is given, and the report says so.
 */
public final class DetectorKpis {

    /** One sensor's figures; {@code production} is empty when it has no Production detector. */
    public record SensorKpis(String sensorId, Optional<ModelVersion> production, ConfusionMatrix allVersions,
                             ConfusionMatrix productionReviewed, OptionalDouble productionAuc,
                             Optional<DegradationVerdict> verdict) {
    }

    /** The whole fleet: totals, the buckets over time, and every sensor. */
    public record FleetKpis(ConfusionMatrix total, OptionalDouble auc, long unreviewed, KpiSeries overTime,
                            List<SensorKpis> sensors) {

        /** The sensors whose Production detector is judged degraded. */
        public List<SensorKpis> degraded() {
            return sensors.stream().filter(s -> s.verdict().map(DegradationVerdict::degraded).orElse(false)).toList();
        }
    }

    /** Monday 00:00 UTC, so weekly buckets are calendar weeks (the epoch was a Thursday). */
    private static final long MONDAY_ORIGIN = 4 * 86_400_000L;

    private final Database db;
    private final DetectorKpiSettings settings;

    public DetectorKpis(Database db, DetectorKpiSettings settings) {
        this.db = db;
        this.settings = settings;
    }

    public FleetKpis compute() {
        AnomalyRepository anomalies = new AnomalyRepository(db);
        ModelRegistry registry = new ModelRegistry(db);
        Map<String, List<AnomalyFeedback.Reviewed>> bySensor = new HashMap<>();
        long unreviewed = 0;
        for (AnomalyFeedback.Reviewed r : new AnomalyFeedback(db).all()) {
            bySensor.computeIfAbsent(r.anomaly().sensorId(), k -> new ArrayList<>()).add(r);
            if (r.verdict() == null) {
                unreviewed++;
            }
        }
        Map<String, List<AnomalyRepository.Label>> labels = anomalies.labelsBySensor();
        Map<String, ModelVersion> productionBySensor = new HashMap<>();
        for (ModelVersion v : registry.inStage(Stage.PRODUCTION)) {
            if (v.kind().equals("detector")) {
                productionBySensor.put(v.sensorId(), v);
            }
        }
        List<LabelledEvent> events = new ArrayList<>();
        List<SensorKpis> sensors = new ArrayList<>();
        ConfusionMatrix total = ConfusionMatrix.ZERO;
        for (Sensor sensor : new AssetRepository(db).sensors(null)) {
            List<AnomalyFeedback.Reviewed> reviewed = bySensor.getOrDefault(sensor.id(), List.of());
            List<LabelledEvent> sensorEvents = events(reviewed, labels.getOrDefault(sensor.id(), List.of()));
            events.addAll(sensorEvents);
            ConfusionMatrix all = confusion(sensorEvents);
            total = total.plus(all);
            Optional<ModelVersion> production = Optional.ofNullable(productionBySensor.get(sensor.id()));
            List<LabelledEvent> ofProduction = production.map(p -> reviewed.stream()
                    .filter(r -> r.verdict() != null && Long.valueOf(p.versionId()).equals(r.anomaly().versionId()))
                    .map(DetectorKpis::event).toList()).orElse(List.of());
            ConfusionMatrix productionReviewed = confusion(ofProduction);
            sensors.add(new SensorKpis(sensor.id(), production, all, productionReviewed, auc(ofProduction),
                    production.flatMap(p -> verdict(p, productionReviewed))));
        }
        KpiSeries overTime = overTime(events);
        return new FleetKpis(total, auc(events), unreviewed, overTime, sensors);
    }

    /** Reviewed anomalies, and labelled spans no anomaly overlaps, as events in time. */
    static List<LabelledEvent> events(List<AnomalyFeedback.Reviewed> anomalies, List<AnomalyRepository.Label> labels) {
        List<LabelledEvent> events = new ArrayList<>();
        for (AnomalyFeedback.Reviewed r : anomalies) {
            if (r.verdict() != null) {
                events.add(event(r));
            }
        }
        for (AnomalyRepository.Label label : labels) {
            if (AnomalyFeedback.LABEL_SOURCE.equals(label.source())) {
                continue; // an operator's confirmation, counted as a true positive already
            }
            boolean detected = anomalies.stream().map(AnomalyFeedback.Reviewed::anomaly)
                    .anyMatch(a -> a.startMillis() <= label.endMillis() && a.endMillis() >= label.startMillis());
            if (!detected) {
                events.add(new LabelledEvent(label.startMillis(), 0.0, true, false));
            }
        }
        return events;
    }

    private static LabelledEvent event(AnomalyFeedback.Reviewed r) {
        StoredAnomaly a = r.anomaly();
        return new LabelledEvent(a.startMillis(), a.score(), r.verdict() == AnomalyFeedback.Verdict.CONFIRMED, true);
    }

    private static ConfusionMatrix confusion(List<LabelledEvent> events) {
        ConfusionMatrix m = ConfusionMatrix.ZERO;
        for (LabelledEvent e : events) {
            m = m.with(e.flagged(), e.anomaly());
        }
        return m;
    }

    /** The ROC AUC, when both real faults and false alarms are present. */
    private static OptionalDouble auc(List<LabelledEvent> events) {
        boolean positives = events.stream().anyMatch(LabelledEvent::anomaly);
        boolean negatives = events.stream().anyMatch(e -> !e.anomaly());
        if (!positives || !negatives) {
            return OptionalDouble.empty();
        }
        double[] scores = events.stream().mapToDouble(LabelledEvent::score).toArray();
        boolean[] labels = new boolean[events.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = events.get(i).anomaly();
        }
        return OptionalDouble.of(RocCurve.of(scores, labels).auc());
    }

    private Optional<DegradationVerdict> verdict(ModelVersion production, ConfusionMatrix reviewed) {
        Double baseline = production.validationMetrics().get("validation_precision");
        OptionalDouble realised = reviewed.precision();
        if (baseline == null || realised.isEmpty()) {
            return Optional.empty();
        }
        KpiDegradation rule = new KpiDegradation("precision", KpiDirection.HIGHER_IS_BETTER, settings.allowedFraction(),
                settings.minReviews(), "reviewed anomalies of " + production.label());
        return Optional.of(rule.assess(baseline, realised.getAsDouble(), reviewed.tp() + reviewed.fp()));
    }

    /** The newest buckets up to the newest event (telemetry time, which the demo runs faster than the clock). */
    private KpiSeries overTime(List<LabelledEvent> events) {
        long width = settings.bucket().toMillis();
        if (events.isEmpty()) {
            return new KpiSeries(width, List.of(), 0);
        }
        long newest = events.stream().mapToLong(LabelledEvent::timestampMillis).max().orElseThrow();
        long end = MONDAY_ORIGIN + (Math.floorDiv(newest - MONDAY_ORIGIN, width) + 1) * width;
        return KpiSeries.of(events, settings.bucket(), end - settings.buckets() * width, end, MONDAY_ORIGIN);
    }
}
