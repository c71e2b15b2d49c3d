package io.prognos.core.detect.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A streaming detector that runs several streaming detectors on the same readings and combines their
 * scores. Raw scores of different detectors are not comparable (one detector's 0.9 is routine, another's
 * rare), so each member's score first goes through its own {@link ScoreCalibrator}, which makes it the
 * probability that the member scored lower in its recent past; those are then combined by
 * {@link EnsembleConfig.Combination mean, max or vote}, and the combined score passes a refractory period
 * ({@link EnsembleConfig#refractory()}). The result is in [0, 1].
 *
 * <p>Memory is the members' plus one calibrator window per member, so it stays bounded. Not thread-safe;
 * use one per stream.
 */
public final class EnsembleDetector implements StreamingDetector {

    private final EnsembleConfig config;
    private final List<StreamingDetector> members;
    private final List<ScoreCalibrator> calibrators;
    private final double[] last;
    private final RefractoryFilter refractory;

    /**
     * @param config  the combination and calibration
     * @param members fresh detectors, at least one; the ensemble owns them from now on
     */
    public EnsembleDetector(EnsembleConfig config, List<StreamingDetector> members) {
        if (config == null || members == null || members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs a config and at least one member");
        }
        for (StreamingDetector m : members) {
            if (m == null) {
                throw new IllegalArgumentException("ensemble members must not be null");
            }
        }
        this.config = config;
        this.members = List.copyOf(members);
        List<ScoreCalibrator> c = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            c.add(new ScoreCalibrator(config.calibration()));
        }
        this.calibrators = List.copyOf(c);
        this.last = new double[members.size()];
        this.refractory = new RefractoryFilter(config.refractory());
    }

    /** An ensemble of one fresh detector from each factory. */
    public static EnsembleDetector of(EnsembleConfig config, List<Supplier<StreamingDetector>> factories) {
        List<StreamingDetector> m = new ArrayList<>();
        for (Supplier<StreamingDetector> f : factories) {
            m.add(f.get());
        }
        return new EnsembleDetector(config, m);
    }

    public EnsembleConfig config() {
        return config;
    }

    /** The calibrated scores of the members for the last reading, in member order. */
    public double[] lastCalibratedScores() {
        return last.clone();
    }

    @Override
    public double score(long epochSecond, double value) {
        for (int i = 0; i < last.length; i++) {
            last[i] = calibrators.get(i).calibrate(members.get(i).score(epochSecond, value));
        }
        return refractory.apply(combine(config, last));
    }

    /** Combines calibrated scores (each in [0, 1]) as {@code config} says. */
    static double combine(EnsembleConfig config, double[] calibrated) {
        double result = 0;
        switch (config.combination()) {
            case MEAN -> {
                for (double p : calibrated) {
                    result += p;
                }
                result /= calibrated.length;
            }
            case MAX -> {
                for (double p : calibrated) {
                    result = Math.max(result, p);
                }
            }
            case VOTE -> {
                int votes = 0;
                for (double p : calibrated) {
                    if (p >= config.voteLevel()) {
                        votes++;
                    }
                }
                result = (double) votes / calibrated.length;
            }
        }
        return Math.min(1.0, Math.max(0.0, result));
    }
}
