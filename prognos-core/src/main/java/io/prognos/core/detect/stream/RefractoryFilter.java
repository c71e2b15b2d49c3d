package io.prognos.core.detect.stream;

import java.util.ArrayDeque;

/**
 * The refractory period of {@link SurpriseLikelihoodDetector}, for the detectors written after it: a score
 * that does not exceed every score of the previous {@code length} readings is damped to a tenth, so a
 * lasting disturbance raises one alarm at its start rather than one per reading (NAB rewards the first
 * detection in a window and charges every later one outside it). Length 0 passes scores unchanged.
 */
final class RefractoryFilter {

    private static final double DAMPING = 0.1;

    private final int length;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();

    RefractoryFilter(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("refractory length must be >= 0, got " + length);
        }
        this.length = length;
    }

    double apply(double score) {
        if (length == 0) {
            return score;
        }
        double out = score;
        for (double s : recent) {
            if (s >= score) {
                out = score * DAMPING;
                break;
            }
        }
        recent.addLast(score);
        if (recent.size() > length) {
            recent.removeFirst();
        }
        return out;
    }
}
