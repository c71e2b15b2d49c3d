package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TelemetryRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Duration;

/** {@code prognos assets} and {@code prognos sensors}: what the store holds. */
public final class FleetCommand {

    private FleetCommand() {
    }

    /** Lists assets. */
    @Command(name = "assets", mixinStandardHelpOptions = true, description = "List assets, or add one.",
            subcommands = AddAsset.class)
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
    @Command(name = "sensors", mixinStandardHelpOptions = true,
            description = "List sensors with their number of readings, or add one.", subcommands = AddSensor.class)
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

    /** Registers or updates an asset. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register an asset (or update it).")
    public static final class AddAsset implements Runnable {
        @ParentCommand
        Assets parent;

        @Parameters(index = "0", paramLabel = "ASSET", description = "Asset id, e.g. pump-101")
        String id;

        @Option(names = "--name", description = "Display name (default: the id)")
        String name;

        @Option(names = "--type", description = "Equipment type, e.g. pump")
        String type;

        @Option(names = "--location")
        String location;

        @Option(names = "--criticality", defaultValue = "3", description = "1 (low) to 5 (high), default ${DEFAULT-VALUE}")
        int criticality;

        @Override
        public void run() {
            Asset asset;
            try {
                asset = new Asset(id, name == null ? id : name, type, location, criticality);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            new AssetRepository(parent.store.open().db()).save(asset);
            System.out.println("asset " + asset.id() + " saved");
        }
    }

    /** Registers or updates a sensor of an asset. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a sensor of an asset (or update it).")
    public static final class AddSensor implements Runnable {
        @ParentCommand
        Sensors parent;

        @Parameters(index = "0", paramLabel = "SENSOR", description = "Sensor id, e.g. pump-101.discharge-temp")
        String id;

        @Option(names = "--asset", required = true, description = "The asset it belongs to (registered first)")
        String asset;

        @Option(names = "--name", description = "Display name (default: the id)")
        String name;

        @Option(names = "--unit", defaultValue = "1", description = "Unit of the values, e.g. degC")
        String unit;

        @Option(names = "--period", required = true, description = "Sampling period, ISO-8601 (PT1M, PT10S)")
        Duration period;

        @Option(names = "--normal", description = "Normal range LOW:HIGH (either side may be empty)")
        String normal;

        @Option(names = "--warning", description = "Warning limits LOW:HIGH (either side may be empty)")
        String warning;

        @Option(names = "--critical", description = "Critical limits LOW:HIGH (either side may be empty)")
        String critical;

        @Override
        public void run() {
            PipelineContext context = parent.store.open();
            AssetRepository assets = new AssetRepository(context.db());
            if (assets.assets().stream().noneMatch(a -> a.id().equals(asset))) {
                throw new UserInputException("unknown asset '" + asset + "'; add it first with prognos assets add " + asset);
            }
            Sensor sensor;
            try {
                sensor = new Sensor(id, asset, name == null ? id : name, unit, period, limits("--normal", normal),
                        limits("--warning", warning), limits("--critical", critical));
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            assets.save(sensor);
            System.out.println("sensor " + sensor.id() + " of " + asset + " saved, sampling every " + period);
        }

        private static Limits limits(String option, String text) {
            if (text == null) {
                return null;
            }
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new UserInputException(option + " '" + text + "' must be LOW:HIGH, e.g. 10:80 or :80");
            }
            try {
                return new Limits(bound(text.substring(0, colon)), bound(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new UserInputException(option + " '" + text + "' must be LOW:HIGH with numbers, e.g. 10:80 or :80", e);
            }
        }

        private static double bound(String text) {
            return text.isBlank() ? Double.NaN : Double.parseDouble(text.trim());
        }
    }
}
