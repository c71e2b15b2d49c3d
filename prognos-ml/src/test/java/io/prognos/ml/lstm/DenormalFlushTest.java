package io.prognos.ml.lstm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DenormalFlushTest {

    /** Kept in a field so the JIT cannot fold the division at compile time. */
    private volatile float smallestNormal = Float.MIN_NORMAL;

    @Test
    void flushesDenormalsInsideTheScopeAndRestoresIEEEBehaviourAfterIt() {
        assumeTrue(System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux"),
                "denormal flushing is implemented for x86-64 Linux only");
        float before = smallestNormal / 4;
        assertThat(before).isGreaterThan(0f);

        float inside;
        try (DenormalFlush.Scope scope = DenormalFlush.enterOnThisThread()) {
            assertThat(scope.active()).isTrue();
            inside = smallestNormal / 4;
        }
        float after = smallestNormal / 4;

        assertThat(inside).isZero();
        assertThat(after).isEqualTo(before);
    }
}
