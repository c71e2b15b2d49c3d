package io.prognos.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactStoreTest {

    @TempDir
    Path tmp;

    @Test
    void contentIsAddressedByItsSha256AndRoundTrips() {
        ArtifactStore store = new ArtifactStore(tmp);
        byte[] content = "weights".getBytes(StandardCharsets.UTF_8);

        ArtifactStore.ArtifactRef ref = store.put(content);

        // sha256("weights"), computed independently with sha256sum
        assertThat(ref.sha256()).isEqualTo("9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c");
        assertThat(Files.exists(tmp.resolve("9a").resolve(ref.sha256()))).isTrue();
        assertThat(ref.sizeBytes()).isEqualTo(7);
        assertThat(store.load(ref.sha256())).isEqualTo(content);
        assertThat(store.put(content)).isEqualTo(ref);
    }

    @Test
    void aTamperedArtifactIsRefused() throws IOException {
        ArtifactStore store = new ArtifactStore(tmp);
        ArtifactStore.ArtifactRef ref = store.put(new byte[] {1, 2, 3, 4});
        Files.write(store.pathOf(ref.sha256()), new byte[] {1, 2, 3, 5});

        assertThatThrownBy(() -> store.load(ref.sha256()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is corrupt")
                .hasMessageContaining("tampered or truncated");
    }

    @Test
    void aTruncatedArtifactIsRefusedAndRepairedByPuttingItAgain() throws IOException {
        ArtifactStore store = new ArtifactStore(tmp);
        byte[] content = new byte[100_000];
        content[99_999] = 7;
        ArtifactStore.ArtifactRef ref = store.put(content);
        Files.write(store.pathOf(ref.sha256()), new byte[50_000]);

        assertThatThrownBy(() -> store.load(ref.sha256())).hasMessageContaining("its 50000 bytes hash to");

        store.put(content);
        assertThat(store.load(ref.sha256())).isEqualTo(content);
    }

    @Test
    void missingAndMalformedIdsAreClearErrors() {
        ArtifactStore store = new ArtifactStore(tmp);

        assertThatThrownBy(() -> store.load("0".repeat(64))).hasMessageContaining("is missing");
        assertThatThrownBy(() -> store.load("../../etc/passwd")).hasMessageContaining("is not a SHA-256 artifact id");
    }
}
