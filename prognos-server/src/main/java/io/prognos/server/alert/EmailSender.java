package io.prognos.server.alert;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.store.AlertRepository;
import io.prognos.store.AssetRepository;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Delivers alert notifications of {@code email} rules as plain-text mails through one SMTP server. Mails go out on
 * their own thread, so a slow mail server delays neither the alert engine nor webhooks. A failed attempt (the
 * server unreachable, refusing the login, the sender or a recipient) is retried like a webhook: up to four
 * attempts, 1, 2 and 4 x the base delay apart; every attempt is recorded with the alert, and every failure is
 * logged once with what to check.
 */
public final class EmailSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);

    private final AlertRepository alerts;
    private final AssetRepository assets;
    private final SmtpSettings smtp;
    private final Duration baseDelay;
    private final Supplier<String> dashboardBase;
    private final Session session;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "prognos-email-delivery");
        t.setDaemon(true);
        return t;
    });
    private volatile java.util.function.Consumer<Boolean> onAttempt = delivered -> { };

    /**
     * @param dashboardBase the dashboard's root URL without a trailing slash for links in the mails; it may return
     *                      null while unknown (the mail then has no links)
     */
    public EmailSender(AlertRepository alerts, AssetRepository assets, SmtpSettings smtp, Duration baseDelay,
                       Supplier<String> dashboardBase) {
        this.alerts = alerts;
        this.assets = assets;
        this.smtp = smtp;
        this.baseDelay = baseDelay;
        this.dashboardBase = dashboardBase;
        this.session = Session.getInstance(properties(smtp));
    }

    /** Tells a listener (the server's metrics) of every attempt: true when the SMTP server accepted the mail. */
    public void onAttempt(java.util.function.Consumer<Boolean> listener) {
        this.onAttempt = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Queues a notification of {@code kind} (opened, escalated, reminder, cleared) to the rule's recipients. */
    public void send(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind) {
        if (!"email".equals(rule.channel())) {
            throw new IllegalArgumentException("EmailSender delivers the email channel only, not '" + rule.channel() + "'");
        }
        Optional<Sensor> sensor = assets.findSensor(alert.sensorId());
        Asset asset = sensor.flatMap(s -> assets.findAsset(s.assetId())).orElse(null);
        AlertMail mail = AlertMail.of(rule, alert, kind, sensor.orElse(null), asset, dashboardBase.get());
        executor.execute(() -> attempt(rule, alert, kind, mail, 1));
    }

    private void attempt(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind, AlertMail mail, int n) {
        try {
            tryOnce(rule, alert, kind, mail, n);
        } catch (RuntimeException e) {
            // the executor would swallow it: say which notification was lost and why
            LOG.error("alert {} ({}) e-mail for rule '{}': attempt {} broke off, no further attempts", alert.alertId(), kind,
                    rule.name(), n, e);
        }
    }

    private void tryOnce(AlertRepository.Rule rule, AlertRepository.Alert alert, String kind, AlertMail mail, int n) {
        List<String> to = rule.recipients();
        String detail;
        boolean ok;
        try {
            deliver(alert, mail, to);
            ok = true;
            detail = "mailed to " + String.join(", ", to) + " via " + smtp.host() + ":" + smtp.port();
        } catch (MessagingException | RuntimeException e) {
            ok = false;
            detail = describe(e);
        }
        alerts.delivery(alert.alertId(), kind, n, ok, detail, System.currentTimeMillis());
        onAttempt.accept(ok);
        if (ok) {
            return;
        }
        if (n < DeliveryRetry.ATTEMPTS) {
            long delay = DeliveryRetry.delayMillis(baseDelay, n);
            LOG.warn("alert {} ({}) e-mail for rule '{}' via {}:{} failed ({}); attempt {} of {} in {} ms", alert.alertId(),
                    kind, rule.name(), smtp.host(), smtp.port(), detail, n + 1, DeliveryRetry.ATTEMPTS, delay);
            try {
                executor.schedule(() -> attempt(rule, alert, kind, mail, n + 1), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.error("alert {} ({}) e-mail for rule '{}' is not retried: the server is stopping", alert.alertId(), kind,
                        rule.name());
            }
        } else {
            LOG.error("alert {} ({}) could not be mailed to {} for rule '{}' after {} attempts (last: {}); check that the "
                            + "SMTP server {}:{} is reachable, server.smtp_security ({}) and the login match it, and that "
                            + "it accepts mail from {} to these recipients", alert.alertId(), kind, String.join(", ", to),
                    rule.name(), DeliveryRetry.ATTEMPTS, detail, smtp.host(), smtp.port(),
                    smtp.security().name().toLowerCase(java.util.Locale.ROOT), smtp.from());
        }
    }

    private void deliver(AlertRepository.Alert alert, AlertMail mail, List<String> to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(smtp.fromAddress());
        InternetAddress[] recipients = new InternetAddress[to.size()];
        for (int i = 0; i < recipients.length; i++) {
            recipients[i] = new InternetAddress(to.get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, recipients);
        message.setSubject(mail.subject(), "UTF-8");
        message.setText(mail.body(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Prognos-Alert", Long.toString(alert.alertId()));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            transport.sendMessage(message, recipients);
        }
    }

    private static Properties properties(SmtpSettings smtp) {
        Properties p = new Properties();
        String timeout = Long.toString(smtp.timeout().toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", smtp.host());
        p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.from", smtp.fromAddress().getAddress());
        p.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        if (smtp.security() == SmtpSettings.Security.STARTTLS) {
            // encrypt before the login and the message, and refuse a server that cannot, rather than fall back
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    /** One line from an exception and its causes, e.g. "MailConnectException: Couldn't connect ... (Connection refused)". */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" (").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(')');
        }
        return b.toString().replaceAll("\\s+", " ").strip();
    }

    /** Waits for queued mails, retries included, up to ten seconds (tests and shutdown). */
    @Override
    public void close() {
        DeliveryRetry.drain(executor);
    }
}
