package io.prognos.server.alert;

import io.prognos.pipeline.PrognosConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The SMTP server that e-mail alerts go through, validated on construction with errors that name the
 * {@code server.smtp_*} key (also set as {@code PROGNOS_SERVER_SMTP_*}). The password is held only to log in;
 * {@link #toString()} masks it so that it never reaches a log or a message.
 *
 * @param host     SMTP server host name or address
 * @param port     SMTP port, 1-65535 (587 is the usual STARTTLS submission port, 25 plain relay)
 * @param from     sender address of the mails, optionally with a display name ({@code Prognos <p@example.com>})
 * @param username login name, or null to send without logging in
 * @param password password of {@code username}; null exactly when there is no username
 * @param security {@link Security#STARTTLS} (encrypt before anything else is sent; refuse a server that cannot)
 *                 or {@link Security#PLAIN} (no encryption, for a relay on a trusted network)
 * @param timeout  how long connecting, and each read or write, may take before the attempt fails
 */
public record SmtpSettings(String host, int port, String from, String username, String password, Security security,
                           Duration timeout) {

    /** How the connection to the SMTP server is protected. */
    public enum Security { STARTTLS, PLAIN }

    /** The timeout when {@code smtp_timeout} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        if (host == null || host.isBlank() || !host.strip().matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new IllegalArgumentException("server.smtp_host must be a host name or address, got '" + host + "'");
        }
        host = host.strip();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server.smtp_port must be 1-65535, got " + port);
        }
        from = checkFrom(from);
        if (username != null && username.isBlank()) {
            username = null;
        }
        if (username == null && password != null) {
            throw new IllegalArgumentException("server.smtp_password is set but server.smtp_username is not; set both to "
                    + "log in, or neither");
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("server.smtp_username is set but server.smtp_password is not; set the "
                    + "password (best as the environment variable PROGNOS_SERVER_SMTP_PASSWORD)");
        }
        Objects.requireNonNull(security, "server.smtp_security");
        if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("server.smtp_timeout must be between PT0.1S and PT5M, got " + timeout);
        }
    }

    /** An SMTP server without login. */
    public static SmtpSettings of(String host, int port, String from, Security security) {
        return new SmtpSettings(host, port, from, null, null, security, DEFAULT_TIMEOUT);
    }

    /** The same server, logging in as {@code user}. */
    public SmtpSettings withLogin(String user, String secret) {
        return new SmtpSettings(host, port, from, user, secret, security, timeout);
    }

    /** The same server with another timeout. */
    public SmtpSettings withTimeout(Duration t) {
        return new SmtpSettings(host, port, from, username, password, security, t);
    }

    /**
     * The SMTP settings of a {@code server:} section, or null when it sets no {@code smtp_*} key (e-mail alerts
     * off). Unset keys default: port 587 with STARTTLS and 25 with plain, security STARTTLS, timeout 10 s.
     *
     * @throws IllegalArgumentException naming the key that is missing or malformed
     */
    public static SmtpSettings fromConfig(PrognosConfig.Server c) {
        boolean any = c.smtpHost() != null || c.smtpPort() != null || c.smtpFrom() != null || c.smtpUsername() != null
                || c.smtpPassword() != null || c.smtpSecurity() != null || c.smtpTimeout() != null;
        if (!any) {
            return null;
        }
        if (c.smtpHost() == null || c.smtpHost().isBlank()) {
            throw new IllegalArgumentException("server.smtp_host is not set, but other server.smtp_* keys are: set the SMTP "
                    + "host (PROGNOS_SERVER_SMTP_HOST) to send e-mail alerts, or remove the other keys");
        }
        if (c.smtpFrom() == null || c.smtpFrom().isBlank()) {
            throw new IllegalArgumentException("server.smtp_from is not set: e-mail alerts need a sender address such as "
                    + "prognos@example.com (PROGNOS_SERVER_SMTP_FROM)");
        }
        Security security;
        String s = c.smtpSecurity() == null ? "starttls" : c.smtpSecurity().strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "starttls" -> security = Security.STARTTLS;
            case "plain", "none" -> security = Security.PLAIN;
            default -> throw new IllegalArgumentException("server.smtp_security must be starttls or plain, got '"
                    + c.smtpSecurity() + "'");
        }
        int port = c.smtpPort() != null ? c.smtpPort() : security == Security.STARTTLS ? 587 : 25;
        Duration timeout = DEFAULT_TIMEOUT;
        if (c.smtpTimeout() != null) {
            try {
                timeout = Duration.parse(c.smtpTimeout().strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("server.smtp_timeout: expected an ISO-8601 duration such as PT10S, got '"
                        + c.smtpTimeout() + "'", e);
            }
        }
        return new SmtpSettings(c.smtpHost(), port, c.smtpFrom(), c.smtpUsername(), c.smtpPassword(), security, timeout);
    }

    /** The sender as a mail address. */
    InternetAddress fromAddress() {
        try {
            return new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException("checked on construction", e);
        }
    }

    private static String checkFrom(String from) {
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("server.smtp_from must be a sender address such as prognos@example.com, "
                    + "got none");
        }
        try {
            InternetAddress address = new InternetAddress(from.strip(), true);
            if (address.getAddress() == null || !address.getAddress().matches("[^@\\s]+@[^@\\s]+")) {
                throw new AddressException("no user@domain address");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("server.smtp_from must be a sender address such as prognos@example.com, got '"
                    + from + "'", e);
        }
        return from.strip();
    }

    /** The settings without the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", security=" + security + ", timeout=" + timeout + "]";
    }
}
