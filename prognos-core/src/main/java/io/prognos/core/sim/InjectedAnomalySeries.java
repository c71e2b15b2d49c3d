package io.prognos.core.sim;

import io.prognos.core.series.IndexRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated sensor signal with anomalies injected at known places, for the demo and for end-to-end
 * tests: a daily-like cycle with a slower load cycle and Gaussian noise; after a clean training part,
 * a spike burst, a level shift, a noise burst and a stuck sensor, far enough apart that each is judged
 * on its own. The same seed always gives the same series.
 */
public final class InjectedAnomalySeries {

    /** Kinds of injected fault. */
    public enum Kind { SPIKES, LEVEL_SHIFT, NOISE_BURST, STUCK }

    /** One injected fault and the samples it covers. */
    public record Injection(Kind kind, IndexRange range) {
    }

    /** The generated values and where the faults are. */
    public record Generated(double[] values, int trainLength, List<Injection> injections) {
        public Generated {
            injections = List.copyOf(injections);
        }
    }

    private InjectedAnomalySeries() {
    }

    /** Length of the clean training part. */
    public static final int TRAIN_LENGTH = 4000;
    /** Samples between fault starts; more than Telemanom's error window (70 x 30) so faults do not mask each other. */
    public static final int FAULT_SPACING = 2500;
    /** Total length: training part, four faults spaced apart, and a clean tail. */
    public static final int LENGTH = TRAIN_LENGTH + 4 * FAULT_SPACING + 1000;

    /** Generates {@link #LENGTH} samples; faults start at 1,500, 4,000, 6,500 and 9,000 samples after training. */
    public static Generated generate(long seed) {
        Random random = new Random(seed);
        int length = LENGTH;
        double[] values = new double[length];
        double period = 144;
        double slowPeriod = 1000;
        for (int i = 0; i < length; i++) {
            values[i] = 0.6 * Math.sin(2 * Math.PI * i / period)
                    + 0.2 * Math.sin(2 * Math.PI * i / slowPeriod)
                    + 0.03 * random.nextGaussian();
        }
        List<Injection> injections = new ArrayList<>();
        int start = TRAIN_LENGTH + 1500;

        for (int k = 0; k < 5; k++) {
            values[start + k * 3] += 1.2 * (k % 2 == 0 ? 1 : -1);
        }
        injections.add(new Injection(Kind.SPIKES, new IndexRange(start, start + 12)));

        start += FAULT_SPACING;
        int shiftLength = 120;
        for (int i = start; i < start + shiftLength; i++) {
            values[i] += 0.7;
        }
        injections.add(new Injection(Kind.LEVEL_SHIFT, new IndexRange(start, start + shiftLength - 1)));

        start += FAULT_SPACING;
        int noiseLength = 80;
        for (int i = start; i < start + noiseLength; i++) {
            values[i] += 0.4 * random.nextGaussian();
        }
        injections.add(new Injection(Kind.NOISE_BURST, new IndexRange(start, start + noiseLength - 1)));

        start += FAULT_SPACING;
        int stuckLength = 150;
        double stuckValue = values[start];
        for (int i = start; i < start + stuckLength; i++) {
            values[i] = stuckValue;
        }
        injections.add(new Injection(Kind.STUCK, new IndexRange(start, start + stuckLength - 1)));
        return new Generated(values, TRAIN_LENGTH, injections);
    }
}
