package io.prognos.cli;

import picocli.CommandLine;

/**
 * The running code's version, recorded with every run and model version: the jar manifest's
 * Implementation-Version plus {@code git describe} of the commit it was built from (with "-dirty" when
 * the working tree had changes), e.g. {@code 0.1.0-SNAPSHOT (git 6c08113-dirty)}; "dev" from an IDE.
 */
public final class BuildInfo implements CommandLine.IVersionProvider {

    private static final String VERSION = readVersion();

    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        String base = version == null ? "dev" : version;
        try (java.io.InputStream in = BuildInfo.class.getResourceAsStream("/prognos-git.properties")) {
            if (in == null) {
                return base;
            }
            java.util.Properties git = new java.util.Properties();
            git.load(in);
            String describe = git.getProperty("git.commit.id.describe");
            return describe == null || describe.isBlank() ? base : base + " (git " + describe + ")";
        } catch (java.io.IOException e) {
            return base;
        }
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
