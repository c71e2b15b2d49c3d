package io.prognos.cli.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TelemetryRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/** {@code prognos assets} and {@code prognos sensors}: what the store holds. */
public final class FleetCommand {

    private FleetCommand() {
    }

    /** Lists assets. */
    @Command(name = "assets", mixinStandardHelpOptions = true, description = "List assets.")
    public static final class Assets implements Runnable {
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            PrintStream o = System.out;
            o.printf("%-16s %-30s %-22s %-12s %s%n", "asset", "name", "type", "location", "criticality");
            for (Asset a : new AssetRepository(store.open().db()).assets()) {
                o.printf("%-16s %-30s %-22s %-12s %d%n", a.id(), a.name(), a.type(), a.location(), a.criticality());
            }
        }
    }

    /** Lists sensors with their reading counts. */
    @Command(name = "sensors", mixinStandardHelpOptions = true, description = "List sensors with their number of readings.")
    public static final class Sensors implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--asset", description = "Only this asset's sensors")
        String asset;

        @Override
        public void run() {
            PipelineContext context = store.open();
            TelemetryRepository telemetry = new TelemetryRepository(context.db());
            PrintStream o = System.out;
            o.printf("%-16s %-16s %-10s %-10s %10s%n", "sensor", "asset", "unit", "period", "readings");
            for (Sensor s : new AssetRepository(context.db()).sensors(asset)) {
                o.printf("%-16s %-16s %-10s %-10s %,10d%n", s.id(), s.assetId(), s.unit(), s.samplingPeriod(),
                        telemetry.count(s.id()));
            }
        }
    }
}
