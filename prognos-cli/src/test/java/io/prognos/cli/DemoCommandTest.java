package io.prognos.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void demoFindsAllInjectedFaults() {
        CliRun run = CliRun.of("demo", "--offline");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Found 4 of 4 injected faults with 0 false alarm(s).");
        assertThat(run.out()).doesNotContain("MISSED");
    }
}
