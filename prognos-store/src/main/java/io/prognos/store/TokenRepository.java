package io.prognos.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens: issued once, stored only as their SHA-256, looked up on every request. A token is 32
 * random bytes (URL-safe Base64 behind the prefix {@code pgn_}), so a hash without salt is enough: it
 * cannot be guessed and the stored hash does not reveal it.
 */
public final class TokenRepository {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public TokenRepository(Database db) {
        this.db = db;
    }

    /** A token's name and role, as stored. */
    public record ApiToken(String name, TokenRole role, long createdAtMillis, Long revokedAtMillis) {
    }

    /** A newly issued token: the secret is only available here. */
    public record IssuedToken(String name, TokenRole role, String secret) {
    }

    /**
     * Issues a new token.
     *
     * @throws StoreException when a token of that name exists
     */
    public IssuedToken issue(String name, TokenRole role) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new StoreException("token name must be 1-100 characters, got '" + name + "'");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "pgn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        db.inTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM api_token WHERE name = :n").bind("n", name)
                    .mapTo(Integer.class).one() > 0;
            if (exists) {
                throw new StoreException("a token named '" + name + "' exists already");
            }
            return h.createUpdate("INSERT INTO api_token (name, role, token_sha256, created_at) VALUES (:n, :r, :h, :t)")
                    .bind("n", name).bind("r", role.label()).bind("h", sha256(secret))
                    .bind("t", System.currentTimeMillis()).execute();
        });
        return new IssuedToken(name, role, secret);
    }

    /** The live (not revoked) token with this secret, if any. */
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String hash = sha256(secret.trim());
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name, role, created_at, revoked_at FROM api_token WHERE token_sha256 = :h AND revoked_at IS NULL")
                .bind("h", hash).map((rs, ctx) -> token(rs)).findOne());
    }

    /**
     * The token as it is now, if it is still live: a dashboard session holds the token it logged in with and
     * checks it on every request, so revoking a token ends its sessions too.
     */
    public Optional<ApiToken> live(ApiToken token) {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name, role, created_at, revoked_at FROM api_token WHERE name = :n AND revoked_at IS NULL")
                .bind("n", token.name()).map((rs, ctx) -> token(rs)).findOne());
    }

    public List<ApiToken> list() {
        return db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT name, role, created_at, revoked_at FROM api_token ORDER BY created_at, name")
                .map((rs, ctx) -> token(rs)).list());
    }

    /** Revokes the named token; returns false when there is no live token of that name. */
    public boolean revoke(String name) {
        return db.inTransaction(h -> h.createUpdate(
                        "UPDATE api_token SET revoked_at = :t WHERE name = :n AND revoked_at IS NULL")
                .bind("t", System.currentTimeMillis()).bind("n", name).execute() > 0);
    }

    private static ApiToken token(java.sql.ResultSet rs) throws java.sql.SQLException {
        long revoked = rs.getLong("revoked_at");
        Long revokedAt = rs.wasNull() ? null : revoked;
        return new ApiToken(rs.getString("name"), TokenRole.parse(rs.getString("role")), rs.getLong("created_at"),
                revokedAt);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
