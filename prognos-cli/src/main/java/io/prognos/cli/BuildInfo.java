package io.prognos.cli;

import picocli.CommandLine;

/** The running code's version: the jar manifest's Implementation-Version, or "dev" from an IDE or classes dir. */
public final class BuildInfo implements CommandLine.IVersionProvider {

    public static String version() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Java, OS and CPU of this run, for reports. */
    public static String platform() {
        return "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"prognos " + version(), platform()};
    }
}
