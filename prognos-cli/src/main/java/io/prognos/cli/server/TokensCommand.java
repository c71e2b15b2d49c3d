package io.prognos.cli.server;

import io.prognos.cli.UserInputException;
import io.prognos.cli.store.StoreOptions;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;

/** {@code prognos tokens}: list, issue and revoke API tokens of the store. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "API tokens: list, add NAME --role R, revoke NAME",
        subcommands = {TokensCommand.Add.class, TokensCommand.Revoke.class})
public final class TokensCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Override
    public void run() {
        for (TokenRepository.ApiToken t : new TokenRepository(store.open().db()).list()) {
            System.out.printf("%-24s %-9s created %s%s%n", t.name(), t.role().label(), Instant.ofEpochMilli(t.createdAtMillis()),
                    t.revokedAtMillis() == null ? "" : "  revoked " + Instant.ofEpochMilli(t.revokedAtMillis()));
        }
    }

    /** Issues a token and prints it once. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Issue a token; it is printed once, only its hash is kept")
    static final class Add implements Runnable {
        @picocli.CommandLine.ParentCommand
        TokensCommand parent;

        @Parameters(index = "0", description = "Token name")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator or admin")
        String role;

        @Override
        public void run() {
            TokenRole parsed;
            try {
                parsed = TokenRole.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--role: " + e.getMessage());
            }
            TokenRepository.IssuedToken t = new TokenRepository(parent.store.open().db()).issue(name, parsed);
            System.out.println(t.secret());
        }
    }

    /** Revokes a token. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by name")
    static final class Revoke implements Runnable {
        @picocli.CommandLine.ParentCommand
        TokensCommand parent;

        @Parameters(index = "0", description = "Token name")
        String name;

        @Override
        public void run() {
            if (!new TokenRepository(parent.store.open().db()).revoke(name)) {
                throw new UserInputException("no live token named '" + name + "'");
            }
            System.out.println("revoked " + name);
        }
    }
}
