package io.prognos.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed files (model weights, fitted preprocessing, reports) under
 * {@code <dataDir>/artifacts/ab/abcdef...}, named by the SHA-256 of their bytes. A file is written
 * to a temporary name, forced to disk and then renamed, so a crash never leaves a partial artifact
 * under its final name; every load recomputes the hash and refuses a file whose content no longer
 * matches its name (tampered or truncated). Artifacts are plain bytes: nothing is ever
 * deserialized as Java objects.
 */
public final class ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root;
    }

    /** Where an artifact lives, by content hash, and how big it is. */
    public record ArtifactRef(String sha256, long sizeBytes) {
    }

    public ArtifactRef put(byte[] content) {
        String hash = sha256(content);
        Path target = pathOf(hash);
        if (Files.exists(target) && verifies(target, hash)) {
            return new ArtifactRef(hash, content.length);
        }
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), hash.substring(0, 8), ".partial");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return new ArtifactRef(hash, content.length);
        } catch (IOException e) {
            throw new StoreException("cannot write artifact " + hash + " under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Stores a copy of the file's bytes. */
    public ArtifactRef putFile(Path file) {
        try {
            return put(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + " to store it as an artifact: " + e.getMessage(), e);
        }
    }

    /**
     * The artifact's bytes, after checking that they still hash to its name.
     *
     * @throws StoreException when it is missing, unreadable, or its content does not match its hash
     */
    public byte[] load(String sha256) {
        Path file = pathOf(requireHash(sha256));
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StoreException("artifact " + sha256 + " is missing (expected at " + file + ")");
        } catch (IOException e) {
            throw new StoreException("cannot read artifact " + sha256 + " at " + file + ": " + e.getMessage(), e);
        }
        String actual = sha256(content);
        if (!actual.equals(sha256)) {
            throw new StoreException("artifact " + sha256 + " at " + file + " is corrupt: its " + content.length
                    + " bytes hash to " + actual + " (tampered or truncated); retrain or restore it from a backup");
        }
        return content;
    }

    /** The checked artifact written to {@code target} (for libraries that load from files). */
    public Path export(String sha256, Path target) {
        byte[] content = load(sha256);
        try {
            Files.write(target, content);
            return target;
        } catch (IOException e) {
            throw new StoreException("cannot write artifact " + sha256 + " to " + target + ": " + e.getMessage(), e);
        }
    }

    public boolean contains(String sha256) {
        return Files.exists(pathOf(requireHash(sha256)));
    }

    Path pathOf(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static boolean verifies(Path file, String hash) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).equals(hash);
        } catch (IOException e) {
            return false;
        }
    }

    private static String requireHash(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new StoreException("'" + sha256 + "' is not a SHA-256 artifact id (64 lowercase hex digits)");
        }
        return sha256;
    }

    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
