package io.prognos.core.sim;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated fleet for the demo and for trying a deployment: a pump, a motor and a compressor with
 * twelve sensors sampled every minute. Each asset has a shared load (a daily pattern plus load cycles
 * of about an hour and a half) that drives its sensors, so they move together; temperatures follow the
 * load with a lag; every sensor has its own noise. After a clean history the live part carries five
 * faults with ground truth: vibration spikes, a level shift, a slow degradation that crosses a critical
 * limit, a stuck sensor and a noise burst.
 *
 * <p>Readings are produced step by step in time order ({@link #next()}); the same seed and start always
 * give the same readings. The simulator does no I/O: callers store or publish what it produces.
 */
public final class FleetSimulator {

    /** Sampling period of every simulated sensor. */
    public static final Duration PERIOD = Duration.ofMinutes(1);

    /** Hours from the start of the degradation fault until the mean value reaches the critical limit. */
    public static final int DEGRADATION_HOURS_TO_CRITICAL = 10;

    /** One reading of one sensor. */
    public record Reading(String sensorId, long timestampMillis, double value) {
    }

    /** Kinds of injected fault. */
    public enum FaultKind { SPIKES, LEVEL_SHIFT, DEGRADATION, STUCK, NOISE_BURST }

    /** An injected fault: which sensor, what, and the instants it covers (epoch ms, inclusive). */
    public record Fault(String sensorId, FaultKind kind, long startMillis, long endMillis) {
    }

    private record Channel(Sensor sensor, int asset, double base, double loadGain, double noise, double lag) {
    }

    private static final List<Asset> ASSETS = List.of(
            new Asset("PUMP-101", "Cooling water pump P-101", "pump", "Plant 1, hall A", 5),
            new Asset("MOTOR-201", "Conveyor drive motor M-201", "motor", "Plant 1, line 2", 4),
            new Asset("COMP-301", "Air compressor C-301", "compressor", "Plant 1, utilities", 3));

    private final long startMillis;
    private final int historySteps;
    private final List<Channel> channels = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final double[] lagStates;
    private final double[] loadNoise = new double[ASSETS.size()];
    private final SplittableRandom random;
    private final double[] stuckValues;
    private long step;

    /**
     * @param seed         seed of all noise
     * @param startMillis  timestamp of the first reading; rounded down to the minute
     * @param historySteps readings per sensor before the first fault (the clean history models learn from)
     */
    public FleetSimulator(long seed, long startMillis, int historySteps) {
        if (historySteps < 0) {
            throw new IllegalArgumentException("history steps must be >= 0, got " + historySteps);
        }
        long period = PERIOD.toMillis();
        this.startMillis = Math.floorDiv(startMillis, period) * period;
        this.historySteps = historySteps;
        this.random = new SplittableRandom(seed);
        add(0, "PUMP-101-PRESSURE", "Discharge pressure", "bar", 4.0, 2.0, 0.05, 0, null, new Limits(Double.NaN, 7.5), new Limits(Double.NaN, 8.5));
        add(0, "PUMP-101-TEMP", "Discharge temperature", "°C", 40.0, 12.0, 0.25, 0.05, null, new Limits(Double.NaN, 70), new Limits(Double.NaN, 80));
        add(0, "PUMP-101-VIBRATION", "Bearing vibration", "mm/s", 2.0, 1.2, 0.08, 0, null, new Limits(Double.NaN, 7.1), new Limits(Double.NaN, 11));
        add(0, "PUMP-101-FLOW", "Flow", "m³/h", 60.0, 55.0, 1.0, 0, null, new Limits(10, Double.NaN), new Limits(5, Double.NaN));
        add(1, "MOTOR-201-CURRENT", "Phase current", "A", 20.0, 25.0, 0.4, 0, null, new Limits(Double.NaN, 55), new Limits(Double.NaN, 60));
        add(1, "MOTOR-201-WINDING-TEMP", "Winding temperature", "°C", 55.0, 30.0, 0.3, 0.03, null, new Limits(Double.NaN, 120), new Limits(Double.NaN, 140));
        add(1, "MOTOR-201-VIBRATION", "Drive-end vibration", "mm/s", 1.5, 1.0, 0.06, 0, null, new Limits(Double.NaN, 4.5), new Limits(Double.NaN, 7.1));
        add(1, "MOTOR-201-SPEED", "Shaft speed", "rpm", 1450.0, 30.0, 2.0, 0, null, new Limits(1300, Double.NaN), new Limits(1200, Double.NaN));
        add(2, "COMP-301-SUCTION", "Suction pressure", "bar", 1.0, -0.2, 0.01, 0, null, new Limits(0.5, Double.NaN), new Limits(0.3, Double.NaN));
        add(2, "COMP-301-DISCHARGE", "Discharge pressure", "bar", 6.0, 2.5, 0.06, 0, null, new Limits(Double.NaN, 9.5), new Limits(Double.NaN, 10.5));
        add(2, "COMP-301-OIL-TEMP", "Oil temperature", "°C", 60.0, 15.0, 0.2, 0.04, null, new Limits(Double.NaN, 90), new Limits(Double.NaN, 100));
        add(2, "COMP-301-POWER", "Power", "kW", 30.0, 40.0, 0.5, 0, null, new Limits(Double.NaN, 75), new Limits(Double.NaN, 85));
        this.lagStates = new double[channels.size()];
        this.stuckValues = new double[channels.size()];
        java.util.Arrays.fill(stuckValues, Double.NaN);
        fault("PUMP-101-VIBRATION", FaultKind.SPIKES, 30, 40);
        fault("COMP-301-OIL-TEMP", FaultKind.DEGRADATION, 60, 60 + 14 * 60);
        fault("MOTOR-201-CURRENT", FaultKind.LEVEL_SHIFT, 3 * 60, 5 * 60);
        fault("PUMP-101-FLOW", FaultKind.STUCK, 6 * 60, 8 * 60);
        fault("MOTOR-201-VIBRATION", FaultKind.NOISE_BURST, 9 * 60, 10 * 60);
    }

    private void add(int asset, String id, String name, String unit, double base, double loadGain, double noise,
                     double lag, Limits normal, Limits warning, Limits critical) {
        Sensor sensor = new Sensor(id, ASSETS.get(asset).id(), name, unit, PERIOD, normal, warning, critical);
        channels.add(new Channel(sensor, asset, base, loadGain, noise, lag));
    }

    private void fault(String sensorId, FaultKind kind, int fromMinute, int toMinute) {
        long period = PERIOD.toMillis();
        long start = startMillis + (historySteps + (long) fromMinute) * period;
        faults.add(new Fault(sensorId, kind, start, startMillis + (historySteps + (long) toMinute) * period - period));
    }

    public List<Asset> assets() {
        return ASSETS;
    }

    public List<Sensor> sensors() {
        return channels.stream().map(Channel::sensor).toList();
    }

    /** The faults the live part carries, in start order. */
    public List<Fault> faults() {
        return faults.stream().sorted(java.util.Comparator.comparingLong(Fault::startMillis)).toList();
    }

    /** Timestamp of the first reading. */
    public long startMillis() {
        return startMillis;
    }

    /** Timestamp of the first live reading, after the clean history. */
    public long liveStartMillis() {
        return startMillis + historySteps * PERIOD.toMillis();
    }

    /** Timestamp of the readings the next call to {@link #next()} returns. */
    public long nextTimestampMillis() {
        return startMillis + step * PERIOD.toMillis();
    }

    /** The readings of all sensors at the next step. */
    public List<Reading> next() {
        long t = nextTimestampMillis();
        double hours = (double) (t - startMillis) / 3_600_000.0;
        double[] load = new double[ASSETS.size()];
        for (int a = 0; a < load.length; a++) {
            loadNoise[a] = 0.98 * loadNoise[a] + 0.004 * random.nextGaussian();
            double daily = 0.5 + 0.25 * Math.sin(2 * Math.PI * (hours - 6 - 2 * a) / 24.0);
            double cycle = 0.12 * Math.tanh(3 * Math.sin(2 * Math.PI * hours / (1.5 + 0.25 * a)));
            load[a] = Math.max(0.05, daily + cycle + loadNoise[a]);
        }
        List<Reading> readings = new ArrayList<>(channels.size());
        for (int c = 0; c < channels.size(); c++) {
            Channel ch = channels.get(c);
            double driven = ch.base() + ch.loadGain() * load[ch.asset()];
            if (ch.lag() > 0) {
                lagStates[c] = step == 0 ? driven : lagStates[c] + ch.lag() * (driven - lagStates[c]);
                driven = lagStates[c];
            }
            double value = driven + ch.noise() * random.nextGaussian();
            readings.add(new Reading(ch.sensor().id(), t, applyFaults(c, ch, t, value)));
        }
        step++;
        return readings;
    }

    private double applyFaults(int c, Channel ch, long t, double value) {
        for (Fault f : faults) {
            if (!f.sensorId().equals(ch.sensor().id()) || t < f.startMillis() || t > f.endMillis()) {
                continue;
            }
            double minutesIn = (t - f.startMillis()) / 60_000.0;
            switch (f.kind()) {
                case SPIKES -> value += (random.nextDouble() < 0.3 ? 1 : 0) * (6 + 3 * random.nextDouble());
                case LEVEL_SHIFT -> value += 0.45 * ch.loadGain();
                // reaches the critical limit about ten hours after it starts
                case DEGRADATION -> value += minutesIn * (ch.sensor().critical().high() - ch.base() - ch.loadGain() * 0.5)
                        / (DEGRADATION_HOURS_TO_CRITICAL * 60.0);
                case STUCK -> {
                    if (Double.isNaN(stuckValues[c])) {
                        stuckValues[c] = value;
                    }
                    value = stuckValues[c];
                }
                case NOISE_BURST -> value += 12 * ch.noise() * random.nextGaussian();
            }
        }
        return value;
    }
}
