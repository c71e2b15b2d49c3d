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
}
