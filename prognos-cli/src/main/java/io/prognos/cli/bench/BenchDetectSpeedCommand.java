package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.cli.UserInputException;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.io.telemanom.TelemanomChannel;
import io.prognos.core.io.telemanom.TelemanomDataset;
import io.prognos.ml.lstm.LstmMatmulRate;
import io.prognos.ml.lstm.LstmPredictorTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code prognos bench detect-speed}: how many Telemanom LSTM windows this machine scores per second.
 * Trains the paper's model briefly on one channel (inference cost does not depend on the weights),
 * then scores that channel's test windows from several threads at once, each with a single-threaded
 * PyTorch, for a fixed time. It then measures the same threads running only the LSTM's matrix products as
 * plain matrix multiplications ({@link LstmMatmulRate}), a yardstick for reading the throughput against
 * this machine (not an upper bound: the LSTM kernel's own products can be faster).
 */
@Command(name = "detect-speed", mixinStandardHelpOptions = true,
        description = "LSTM detection throughput in windows per second, with N concurrent scoring threads.")
public final class BenchDetectSpeedCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Telemanom layout directory")
    Path data;

    @Option(names = "--chan", defaultValue = "P-1", description = "Channel whose test windows are scored (default ${DEFAULT-VALUE})")
    String chan;

    @Option(names = "--threads", description = "Concurrent scoring threads (default: one per core)")
    Integer threads;

    @Option(names = "--seconds", defaultValue = "20", description = "Measuring time (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--out", description = "Write the result as JSON")
    Path out;

    @Override
    public Integer call() throws Exception {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new UserInputException("--threads must be >= 1");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        TelemanomChannel channel = TelemanomDataset.open(data).loadChannel(chan);
        TelemanomConfig config = TelemanomConfig.defaults().withTraining(1, 1);
        try (TrainedPredictor predictor = new LstmPredictorTrainer(config).train(channel.train(), 0, TrainingListener.NONE)) {
            int windowsPerPass = channel.test().length - config.rowsPerWindow();
            predictor.predictNext(channel.test()); // warm-up
            AtomicLong windows = new AtomicLong();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> scoring = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        predictor.predictNext(channel.test());
                        windows.addAndGet(windowsPerPass);
                    }
                }, "score-" + i);
                t.start();
                scoring.add(t);
            }
            for (Thread t : scoring) {
                t.join();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            double rate = windows.get() / elapsed;
            System.out.printf("%s: %d test windows of %d x %d rows per pass; %d scoring thread(s), PyTorch threads each: %s%n",
                    chan, windowsPerPass, config.windowLength(), channel.width(), workers,
                    System.getProperty("ai.djl.pytorch.num_threads"));
            System.out.printf("detection throughput: %.0f windows/s (%d windows in %.1f s, %s LSTM kernel), %s%n", rate,
                    windows.get(), elapsed, io.prognos.ml.lstm.LstmPredictor.forwardKernel(), BuildInfo.platform());
            LstmMatmulRate.Result products = LstmMatmulRate.measure(config, channel.width(), workers, seconds);
            long flopsPerWindow = LstmMatmulRate.flopsPerWindow(config, channel.width());
            System.out.printf("plain matrix products: %.0f windows/s (the LSTM's products alone as PyTorch matmuls, "
                            + "%.1f MFLOP per window, run by the same %d thread(s) at %.1f GFLOP/s); detection ran at "
                            + "%.0f %% of that rate (a yardstick for this CPU, not a bound: the LSTM kernel's own "
                            + "products can be faster)%n",
                    products.windowsPerSecond(), flopsPerWindow / 1e6, workers,
                    products.gflopsPerSecond(), 100 * rate / products.windowsPerSecond());
            if (out != null) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("benchmark", "detect-speed");
                root.put("chan_id", chan);
                root.put("threads", workers);
                root.put("windows", windows.get());
                root.put("seconds", elapsed);
                root.put("windows_per_second", rate);
                root.put("lstm_kernel", io.prognos.ml.lstm.LstmPredictor.forwardKernel());
                root.put("flops_per_window", flopsPerWindow);
                root.put("matmul_gflops_per_second", products.gflopsPerSecond());
                root.put("matmul_windows_per_second", products.windowsPerSecond());
                root.put("code_version", BuildInfo.version());
                root.put("platform", BuildInfo.platform());
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), root);
            }
        }
        return 0;
    }
}
