package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.Detectors;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.io.telemanom.TelemanomDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Hidden worker behind {@code prognos bench nasa --workers N}: trains and detects one channel and
 * writes the result as JSON. Epoch progress goes to standard output, one prefixed line per epoch.
 */
@Command(name = "nasa-channel", hidden = true, description = "Internal: one channel of bench nasa in its own JVM.")
public final class ChannelWorkerCommand implements Callable<Integer> {

    static final String EPOCH_PREFIX = "@epoch ";

    @Mixin
    NasaRunOptions run;

    @Option(names = "--chan", required = true)
    String chan;

    @Option(names = "--result", required = true)
    Path result;

    @Override
    public Integer call() throws Exception {
        TelemanomDataset dataset = TelemanomDataset.open(run.data);
        TelemanomDetector detector = Detectors.create(run.detectorName, run.config());
        NasaBenchmark.ChannelRun outcome = NasaBenchmark.runChannel(dataset, detector, run.seed, chan,
                (c, note) -> System.out.println(EPOCH_PREFIX + note), run.predictionFiles());
        new ObjectMapper().writeValue(result.toFile(), outcome);
        return 0;
    }
}
