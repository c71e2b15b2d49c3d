package io.prognos.cli.server;

import io.prognos.cli.store.StoreOptions;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.PrognosServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code prognos serve}: the REST API, MQTT ingestion and live scoring over the store, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server: REST API under /api/v1, MQTT ingestion, live scoring, stale-data alarms.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream o = System.out;
        PipelineContext context = store.open();
        Path tokenFile = AdminToken.ensure(context.db(), store.dataDir());
        // training jobs started over the API or the dashboard use prognos.yaml's training settings, as 'prognos train' does
        PrognosServer running = PrognosServer.start(context, server.settings(o, true, store.config().server()),
                store.config().applyTo(TrainingOptions.defaults()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "prognos-shutdown"));
        o.println("Prognos server on " + running.httpUrl() + " (API " + running.httpUrl() + "/api/v1, OpenAPI "
                + running.httpUrl() + "/api/v1/openapi.json)");
        if (running.brokerUrl() != null) {
            o.println("MQTT ingestion on " + running.brokerUrl() + ", topics prognos/telemetry and prognos/telemetry/<sensor>");
        }
        if (tokenFile != null) {
            o.println("Issued the first admin token; it is in " + tokenFile.toAbsolutePath() + " (readable by you only)");
        }
        o.println("Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }
}
