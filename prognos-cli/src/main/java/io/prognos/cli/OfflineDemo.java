package io.prognos.cli;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.sim.InjectedAnomalySeries;

import java.io.PrintStream;

/**
 * {@code prognos demo --offline}: generates a sensor series with injected faults, trains a detector on
 * its clean first part, detects on the rest and prints what was found beside what was injected; no
 * server, no store.
 */
final class OfflineDemo {

    private final String detectorName;
    private final long seed;

    OfflineDemo(String detectorName, long seed) {
        this.detectorName = detectorName;
        this.seed = seed;
    }

    int run() {
        InjectedAnomalySeries.Generated series = InjectedAnomalySeries.generate(seed);
        int length = series.values().length;
        PrintStream o = System.out;
        o.printf("Generated %d samples of a cyclic sensor signal (seed %d); faults injected after sample %d.%n",
                length, seed, series.trainLength());
        double[][] rows = new double[length][1];
        for (int i = 0; i < length; i++) {
            rows[i][0] = series.values()[i];
        }
        TelemanomDetector detector = Detectors.create(detectorName, TelemanomConfig.defaults());
        SeriesDetection.Result result;
        try (Progress progress = Progress.start("training " + detectorName, detector.config().maxEpochs())) {
            result = SeriesDetection.run(detector, rows, series.trainLength(), seed,
                    (epoch, max, trainLoss, validationLoss) -> progress.step(
                            String.format("epoch %d validation MSE %.5f", epoch, validationLoss)));
        }
        o.printf("Trained the %s detector on samples 0-%d in %.1f s (held-out validation MSE %.5f).%n%n", detectorName,
                series.trainLength() - 1, result.training().seconds(), result.training().validationLoss());
        o.printf("%-12s %-16s %s%n", "injected", "samples", "detected as");
        int found = 0;
        for (InjectedAnomalySeries.Injection injection : series.injections()) {
            StringBuilder match = new StringBuilder();
            for (AnomalySequence s : result.sequences()) {
                if (s.range().intersects(injection.range())) {
                    match.append(String.format("%s score %.2f %s  ", s.range(), s.score(), s.severity()));
                }
            }
            if (match.length() > 0) {
                found++;
            }
            o.printf("%-12s %-16s %s%n", injection.kind(), injection.range(), match.length() == 0 ? "MISSED" : match);
        }
        int falseAlarms = 0;
        for (AnomalySequence s : result.sequences()) {
            if (series.injections().stream().noneMatch(i -> i.range().intersects(s.range()))) {
                falseAlarms++;
                o.printf("%-12s %-16s %s score %.2f %s%n", "(none)", "", s.range(), s.score(), s.severity());
            }
        }
        o.printf("%nFound %d of %d injected faults with %d false alarm(s).%n", found, series.injections().size(), falseAlarms);
        return 0;
    }
}
