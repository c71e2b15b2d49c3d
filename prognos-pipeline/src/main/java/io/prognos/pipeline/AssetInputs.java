package io.prognos.pipeline;

import io.prognos.core.asset.Sensor;
import io.prognos.core.transform.Resampler;
import io.prognos.store.AssetRepository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The other sensors of a sensor's asset as extra training signals of its forecaster (multivariate input: the
 * forecaster's weights are fitted on all the channels, each sensor's forecast reads its own history). A sensor
 * joins when it samples at the same period and has a value, after the same resampling, at every grid point of the
 * forecast sensor's training stretch; the others are listed with the reason, so a run says what it learned from.
 *
 * @param sensors   the joining sensors, by id
 * @param values    their values on the forecast sensor's grid, one array per joining sensor
 * @param rawHashes each joining sensor's raw dataset version (the lineage of the trained model)
 * @param skipped   the asset's other sensors that did not join, with the reason
 */
record AssetInputs(List<String> sensors, double[][] values, Map<String, String> rawHashes, Map<String, String> skipped) {

    /** The asset's other sensors read from the store, before they are put on the forecast sensor's grid. */
    record Candidates(Sensor target, List<RawTelemetry> sameGrid, Map<String, String> skipped) {

        /** The raw dataset versions of the candidates, by sensor: what a training's job key depends on. */
        Map<String, String> rawHashes() {
            Map<String, String> m = new LinkedHashMap<>();
            sameGrid.forEach(r -> m.put(r.sensor().id(), r.hash()));
            return m;
        }

        /**
         * Puts the candidates on {@code segment}'s grid; those without a value at every grid point are skipped.
         *
         * @param resampler the forecast sensor's resampling (period, gap policy and limit)
         */
        AssetInputs onGrid(Resampler.Segment segment, Resampler resampler) {
            List<String> joined = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            Map<String, String> hashes = new LinkedHashMap<>();
            Map<String, String> notJoined = new LinkedHashMap<>(skipped);
            long period = segment.periodMillis();
            int n = segment.size();
            for (RawTelemetry raw : sameGrid) {
                double[] onGrid = new double[n];
                Arrays.fill(onGrid, Double.NaN);
                if (raw.series().size() > 0) {
                    Resampler.Result r = resampler.resampleOnGrid(segment.startMillis(), raw.series().timestamps(),
                            raw.series().values());
                    for (Resampler.Segment s : r.segments()) {
                        for (int i = 0; i < s.size(); i++) {
                            long offset = s.timestamp(i) - segment.startMillis();
                            if (offset >= 0 && offset % period == 0 && offset / period < n) {
                                onGrid[(int) (offset / period)] = s.values()[i];
                            }
                        }
                    }
                }
                int missing = 0;
                for (double v : onGrid) {
                    if (!Double.isFinite(v)) {
                        missing++;
                    }
                }
                String id = raw.sensor().id();
                if (missing > 0) {
                    notJoined.put(id, "has no value at " + missing + " of the " + n + " grid points of " + target.id()
                            + "'s training stretch");
                    continue;
                }
                joined.add(id);
                values.add(onGrid);
                hashes.put(id, raw.hash());
            }
            return new AssetInputs(List.copyOf(joined), values.toArray(new double[0][]), hashes, notJoined);
        }
    }

    /** Reads the other sensors of {@code target}'s asset up to {@code untilMillis}; those of another period are skipped. */
    static Candidates read(PipelineContext context, Sensor target, Long untilMillis) {
        List<Sensor> others = new ArrayList<>(new AssetRepository(context.db()).sensors(target.assetId()));
        others.removeIf(s -> s.id().equals(target.id()));
        others.sort(Comparator.comparing(Sensor::id));
        List<RawTelemetry> sameGrid = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Sensor other : others) {
            if (!other.samplingPeriod().equals(target.samplingPeriod())) {
                skipped.put(other.id(), "samples every " + other.samplingPeriod() + ", not every "
                        + target.samplingPeriod());
            } else {
                sameGrid.add(RawTelemetry.load(context, other.id(), untilMillis));
            }
        }
        return new Candidates(target, List.copyOf(sameGrid), skipped);
    }

    String[] names() {
        return sensors.toArray(new String[0]);
    }
}
