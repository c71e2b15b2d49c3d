package io.prognos.core.detect.stream;

/**
 * The one alarm stage of the KNN-CAD detectors, over one or more time scales. The first scale's score passes
 * through as it is; another scale's counts only when it reaches that scale's alarm level, so it never adds
 * sub-alarm scores. A reading is an alarm when a scale not in hold-off reaches its level; then every scale's
 * scores are damped to a tenth for that scale's hold-off. The output is the largest of the (damped) parts.
 */
final class HoldOffStage {

    static final double DAMPING = 0.1;

    private final double[] levels;
    private final int[] holdOffs;
    private final int[] left;

    HoldOffStage(double[] levels, int[] holdOffs) {
        this.levels = levels.clone();
        this.holdOffs = holdOffs.clone();
        this.left = new int[levels.length];
    }

    /** Combines one score per scale, in the order of the levels. */
    double combine(double... scores) {
        boolean alarm = false;
        double out = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean free = left[i] == 0;
            left[i] = Math.max(0, left[i] - 1);
            boolean reached = scores[i] >= levels[i];
            double part = i == 0 || reached ? scores[i] : 0;
            alarm |= free && reached;
            out = Math.max(out, free ? part : part * DAMPING);
        }
        if (alarm) {
            System.arraycopy(holdOffs, 0, left, 0, left.length);
        }
        return out;
    }

    /**
     * Combines one score per scale against this reading's alarm levels {@code at} (in the order of the levels),
     * with the hold-offs as in {@link #combine}, so that alarms and other readings separate in the output: a scale
     * that reaches its level contributes {@code 0.99 + 0.01 (s - level) / (1 - level)}, in [0.99, 1]; the first
     * scale below its level contributes {@code 0.98 s}, the others nothing. A threshold in (0.98, 0.99] therefore
     * flags exactly the alarms, whichever levels applied to them.
     */
    double combineAt(double[] at, double... scores) {
        boolean alarm = false;
        double out = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean free = left[i] == 0;
            left[i] = Math.max(0, left[i] - 1);
            boolean reached = scores[i] >= at[i];
            double part;
            if (reached) {
                part = at[i] >= 1 ? 1 : ALARM_FLOOR + (1 - ALARM_FLOOR) * (scores[i] - at[i]) / (1 - at[i]);
            } else {
                part = i == 0 ? BELOW_ALARM * scores[i] : 0;
            }
            alarm |= free && reached;
            out = Math.max(out, free ? part : part * DAMPING);
        }
        if (alarm) {
            System.arraycopy(holdOffs, 0, left, 0, left.length);
        }
        return out;
    }

    /** Lowest output of an alarm in {@link #combineAt}. */
    static final double ALARM_FLOOR = 0.99;

    /** Factor on the first scale's score below its level in {@link #combineAt}, keeping it under every alarm. */
    static final double BELOW_ALARM = 0.98;
}
