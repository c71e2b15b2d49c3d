package io.prognos.pipeline;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.io.telemanom.LabeledAnomalyRow;
import io.prognos.core.io.telemanom.TelemanomChannel;
import io.prognos.core.io.telemanom.TelemanomDataset;
import io.prognos.core.series.IndexRange;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.TelemetryRepository;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Imports a data set in the Telemanom layout as a fleet: one asset per subsystem (the channel's
 * letter, e.g. {@code smap.P}), one sensor per channel ({@code smap.P-1}) holding the telemetry value
 * (column 0; the command columns are not imported), and the labelled anomalies as labels.
 *
 * <p>The files carry no timestamps, so readings are placed one minute apart with every channel's
 * training file ending, and its test file starting, at {@link #SPLIT}: training on data before SPLIT
 * and detecting after it reproduces the benchmark's split for every channel at once. Importing twice
 * adds nothing.
 */
public final class NasaImporter {

    /** Where every channel's test part starts: 2018-01-01T00:00:00Z. */
    public static final Instant SPLIT = Instant.parse("2018-01-01T00:00:00Z");
    public static final Duration PERIOD = Duration.ofMinutes(1);

    private final Database db;

    public NasaImporter(Database db) {
        this.db = db;
    }

    /** Per channel: readings stored, readings already present, labels. */
    public record ChannelImport(String sensorId, long inserted, long duplicates, int labels) {
    }

    public List<ChannelImport> importDataset(Path dir, String prefix, Consumer<ChannelImport> onChannel)
            throws java.io.IOException {
        TelemanomDataset dataset = TelemanomDataset.open(dir);
        Map<String, List<LabeledAnomalyRow>> byChannel = new LinkedHashMap<>();
        for (LabeledAnomalyRow row : dataset.labels()) {
            byChannel.computeIfAbsent(row.chanId(), c -> new ArrayList<>()).add(row);
        }
        AssetRepository assets = new AssetRepository(db);
        TelemetryRepository telemetry = new TelemetryRepository(db);
        AnomalyRepository anomalies = new AnomalyRepository(db);
        List<ChannelImport> result = new ArrayList<>();
        long split = SPLIT.toEpochMilli();
        long period = PERIOD.toMillis();
        for (Map.Entry<String, List<LabeledAnomalyRow>> e : byChannel.entrySet()) {
            String chan = e.getKey();
            String subsystem = chan.contains("-") ? chan.substring(0, chan.indexOf('-')) : chan;
            String spacecraft = e.getValue().get(0).spacecraft();
            String assetId = prefix + "." + subsystem;
            assets.save(new Asset(assetId, spacecraft + " subsystem " + subsystem, "spacecraft subsystem", spacecraft, 3));
            String sensorId = prefix + "." + chan;
            assets.save(new Sensor(sensorId, assetId, "channel " + chan, "scaled", PERIOD, null, null, null));
            TelemanomChannel channel = dataset.loadChannel(chan);
            int nTrain = channel.train().length;
            int nTest = channel.test().length;
            long[] ts = new long[nTrain + nTest];
            double[] values = new double[nTrain + nTest];
            for (int i = 0; i < nTrain; i++) {
                ts[i] = split - (long) (nTrain - i) * period;
                values[i] = channel.train()[i][0];
            }
            for (int i = 0; i < nTest; i++) {
                ts[nTrain + i] = split + (long) i * period;
                values[nTrain + i] = channel.test()[i][0];
            }
            TelemetryRepository.IngestResult stored = telemetry.ingest(sensorId, ts, values);
            List<AnomalyRepository.Label> labels = new ArrayList<>();
            for (LabeledAnomalyRow row : e.getValue()) {
                for (int k = 0; k < row.sequences().size(); k++) {
                    IndexRange r = row.sequences().get(k);
                    String cls = k < row.classes().size() ? row.classes().get(k) : null;
                    labels.add(new AnomalyRepository.Label(sensorId, split + r.start() * period, split + r.end() * period,
                            dir.getFileName() + "/labeled_anomalies.csv row " + row.rowNumber(), cls));
                }
            }
            anomalies.saveLabels(labels);
            ChannelImport imported = new ChannelImport(sensorId, stored.inserted(), stored.duplicates(), labels.size());
            onChannel.accept(imported);
            result.add(imported);
        }
        return result;
    }
}
