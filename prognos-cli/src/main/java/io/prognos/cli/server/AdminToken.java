package io.prognos.cli.server;

import io.prognos.store.Database;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first admin token of a store: issued when the store has none, written to
 * {@code DATA_DIR/admin-token} readable by its owner only, so no default password ships.
 */
final class AdminToken {

    static final String NAME = "admin";

    private AdminToken() {
    }

    /** Issues the token when no live admin token exists; returns the file that holds it, or null when none was issued. */
    static Path ensure(Database db, Path dataDir) {
        TokenRepository tokens = new TokenRepository(db);
        boolean hasAdmin = tokens.list().stream().anyMatch(t -> t.role() == TokenRole.ADMIN && t.revokedAtMillis() == null);
        if (hasAdmin) {
            return null;
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        tokens.list().forEach(t -> taken.add(t.name()));
        String name = NAME;
        for (int i = 2; taken.contains(name); i++) {
            name = NAME + "-" + i;
        }
        TokenRepository.IssuedToken issued = tokens.issue(name, TokenRole.ADMIN);
        Path file = dataDir.resolve("admin-token");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, issued.secret() + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
        return file;
    }
}
