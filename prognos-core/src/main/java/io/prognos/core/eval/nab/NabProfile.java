package io.prognos.core.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * One NAB application profile: the weights of the cost matrix in NAB's {@code config/profiles.json}.
 * The true-negative weight of that file is not used by the scoring, so it is not kept here.
 *
 * @param name     profile name as in {@code profiles.json}, e.g. {@code "standard"}
 * @param tpWeight A_TP, the reward for the earliest possible detection in a window
 * @param fpWeight A_FP, the cost of a detection far from (or before) any window
 * @param fnWeight A_FN, the cost of a window with no detection
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** NAB's "standard" profile. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    /** NAB's profile that punishes false positives twice as hard. */
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    /** NAB's profile that punishes missed windows twice as hard. */
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** Validates the weights (finite, non-negative; A_TP positive so that a perfect detector beats the null one). */
    public NabProfile {
        Objects.requireNonNull(name, "name");
        if (!(tpWeight > 0) || !(fpWeight >= 0) || !(fnWeight >= 0) || Double.isInfinite(tpWeight)
                || Double.isInfinite(fpWeight) || Double.isInfinite(fnWeight)) {
            throw new IllegalArgumentException("profile " + name + ": weights must be finite, tp > 0, fp and fn >= 0; got tp="
                    + tpWeight + " fp=" + fpWeight + " fn=" + fnWeight);
        }
    }

    /** The three profiles NAB ships, in the order NAB's scoreboard lists them. */
    public static List<NabProfile> defaults() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }
}
