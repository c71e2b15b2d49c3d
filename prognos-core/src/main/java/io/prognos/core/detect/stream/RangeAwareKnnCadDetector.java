package io.prognos.core.detect.stream;

import io.prognos.core.features.MonotonicDeque;

/**
 * {@link SeasonalKnnCadDetector} with two alarm levels: the usual one (0.98) while the stream goes beyond its recent
 * range, and a stricter one (0.99) while its readings stay within it.
 *
 * <p><b>Why.</b> The calibrated scores of the kNN scales say how unusual a window of readings is compared with recent
 * windows, whatever the values. On a busy stream (request counts, tweet volumes, machine metrics) windows as unusual
 * as one in fifty come every day without anything being wrong; the events that matter more often take the readings
 * somewhere they have not been lately. The detector asks for stronger evidence, one in a hundred, from a window
 * whose readings stay within the range of the last {@link RangeAwareKnnCadConfig#rangeWindow()} readings, and keeps
 * the usual level when a reading lies beyond that range (strictly above its maximum or below its minimum) and for
 * {@link RangeAwareKnnCadConfig#rangeMemory()} readings from it, the time the reading stays in the fine window. The
 * first 100 readings are judged at the stricter level (no range yet to leave).
 *
 * <p><b>Output.</b> The scales and their hold-offs are those of {@link SeasonalKnnCadDetector}. An alarm scores in
 * [0.99, 1] (how far its scale's score passed the level that applied), any other reading below 0.98, so one
 * threshold in (0.98, 0.99] flags exactly the alarms whichever level applied (see {@link HoldOffStage#combineAt}).
 *
 * <p><b>Measured on NAB</b> (standard / low FP / low FN; windows hit / missed / false alarms, standard profile):
 * {@code knn-cad-seasonal} 68.75 / 58.22 / 74.28 (99 / 17 / 233); this detector 70.97 / 64.59 / 74.90 (96 / 20 /
 * 139): 94 fewer false alarms for 3 windows more missed. The one choice made on NAB is the within-range level. On
 * the scales' own level (0.98) beyond the range, the within-range levels 0.985 / 0.99 / 0.993 / 0.995 scored (standard)
 * 69.65 / 70.97 / 70.87 / 70.16; lowering the beyond-range level to 0.97 / 0.95 / 0.93 / 0.90 (within 0.99) scored
 * 71.03 / 70.36 / 70.28 / 70.21. Split-half check (files alternately in halves A and B, as for the other KNN-CAD
 * detectors; {@code knn-cad-seasonal} A 69.41, B 68.31): within 0.99, A 71.23 and B 71.99, the best on half A; half
 * B alone prefers 0.995 (72.41), which scores 69.30 on A. The range window (3,200 / 6,400 / 12,800 readings: 70.64 /
 * 70.97 / 70.97) and the memory (1 / 19 / 38 / 75 readings: 68.68 / 70.97 / 70.97 / 71.02) were set beforehand;
 * a memory of one reading loses the alarms that the fine window raises a few readings after the reading that left
 * the range.
 *
 * <p>Memory: the seasonal detector's plus two monotonic deques of at most {@code rangeWindow} readings. Not
 * thread-safe.
 */
public final class RangeAwareKnnCadDetector implements StreamingDetector {

    /** Readings before any reading can count as beyond the recent range. */
    static final int MIN_RANGE_HISTORY = 100;

    private final RangeAwareKnnCadConfig config;
    private final SeasonalKnnCadDetector scales;
    private final HoldOffStage alarms;
    private final double[] beyondLevels;
    private final double[] withinLevels;
    private final MonotonicDeque minimum;
    private final MonotonicDeque maximum;
    private long seen;
    private long lastBeyond = Long.MIN_VALUE;

    public RangeAwareKnnCadDetector() {
        this(RangeAwareKnnCadConfig.defaults());
    }

    public RangeAwareKnnCadDetector(RangeAwareKnnCadConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must be set");
        }
        this.config = config;
        this.scales = new SeasonalKnnCadDetector(config.scales());
        this.beyondLevels = scales.alarmLevels();
        this.withinLevels = new double[beyondLevels.length];
        for (int i = 0; i < beyondLevels.length; i++) {
            withinLevels[i] = Math.max(beyondLevels[i], config.withinRangeLevel());
        }
        this.alarms = new HoldOffStage(beyondLevels, scales.holdOffs());
        this.minimum = new MonotonicDeque(config.rangeWindow(), true);
        this.maximum = new MonotonicDeque(config.rangeWindow(), false);
    }

    public RangeAwareKnnCadConfig config() {
        return config;
    }

    @Override
    public double score(long epochSecond, double value) {
        double[] s = scales.scaleScores(epochSecond, value);
        if (beyondRecentRange(value)) {
            lastBeyond = seen;
        }
        boolean recentlyBeyond = lastBeyond != Long.MIN_VALUE && seen - lastBeyond < config.rangeMemory();
        minimum.push(seen, value);
        maximum.push(seen, value);
        seen++;
        return alarms.combineAt(recentlyBeyond ? beyondLevels : withinLevels, s);
    }

    /** Whether {@code value} lies strictly outside the range of the remembered readings (never before 100). */
    private boolean beyondRecentRange(double value) {
        if (seen < MIN_RANGE_HISTORY) {
            return false;
        }
        double lo = minimum.extreme();
        double hi = maximum.extreme();
        return hi > lo && (value > hi || value < lo);
    }
}
