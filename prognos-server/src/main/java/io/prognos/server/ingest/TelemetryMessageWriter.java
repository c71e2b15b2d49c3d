package io.prognos.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.store.StoreException;
import io.prognos.store.TelemetryPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores MQTT telemetry messages, group-committing what arrived together, and tells each message's
 * {@link Delivery} what became of it: committed, refused (then republished on the dead-letter topic with the
 * reason), or not stored because the database failed. Shared by the subscriber on an external broker and the
 * ingest gate of the embedded broker, which acknowledge a message only once it is committed or refused.
 *
 * <p>Topics, with prefix {@code P}: {@code P/telemetry/SENSOR} carries one sensor's points,
 * {@code P/telemetry} a multi-sensor batch; dead letters go to {@code P/deadletter/telemetry[/SENSOR]}.
 */
public final class TelemetryMessageWriter implements AutoCloseable {

    /** One received message and what to do once its fate is known. Called on the writer thread. */
    public interface Delivery {
        String topic();

        byte[] payload();

        /** Its points are committed, or it was refused and dead-lettered: it may be acknowledged. */
        void done();

        /** The database failed: leave it unacknowledged so that it comes again. */
        void notStored(StoreException cause);
    }

    /** Publishes a dead letter (QoS 1, not retained) on the broker the message came from. */
    @FunctionalInterface
    public interface DeadLetterPublisher {
        void publish(String topic, byte[] body) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryMessageWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POINTS_PER_COMMIT = 50_000;
    private static final int MAX_MESSAGES_PER_GROUP = 5_000;

    private final TelemetryIngestService ingest;
    private final TelemetryPayloads payloads;
    private final String prefix;
    private final DeadLetterPublisher deadLetterPublisher;
    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile boolean running = true;

    public TelemetryMessageWriter(TelemetryIngestService ingest, TelemetryPayloads payloads, String prefix,
                                  DeadLetterPublisher deadLetterPublisher) {
        this.ingest = ingest;
        this.payloads = payloads;
        this.prefix = prefix;
        this.deadLetterPublisher = deadLetterPublisher;
        this.thread = new Thread(this::writeLoop, "prognos-mqtt-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether a topic is one this writer stores: {@code P/telemetry} or {@code P/telemetry/SENSOR}. */
    public boolean isTelemetryTopic(String topic) {
        String base = prefix + "/telemetry";
        return topic.equals(base) || topic.startsWith(base + "/") && topic.indexOf('/', base.length() + 1) < 0
                && topic.length() > base.length() + 1;
    }

    /** Queues a message; its delivery hears back on the writer thread. */
    public void submit(Delivery delivery) {
        queue.add(delivery);
    }

    /** How many messages were refused and dead-lettered. */
    public long deadLetters() {
        return deadLetters.get();
    }

    private void writeLoop() {
        while (running) {
            try {
                Delivery first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Delivery> group = new ArrayList<>();
                group.add(first);
                queue.drainTo(group, MAX_MESSAGES_PER_GROUP);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("MQTT ingestion failed on a group of messages; unacknowledged messages come again after "
                        + "a reconnect", e);
            }
        }
    }

    /** Parses each message, stores the good ones together, dead-letters the bad ones. */
    private void writeGroup(List<Delivery> group) {
        Map<Delivery, List<TelemetryPoint>> parsed = new LinkedHashMap<>();
        int points = 0;
        for (Delivery d : group) {
            try {
                List<TelemetryPoint> p = parse(d);
                parsed.put(d, p);
                points += p.size();
            } catch (BadTelemetryException e) {
                deadLetter(d, e.getMessage());
            }
            if (points >= MAX_POINTS_PER_COMMIT) {
                store(parsed);
                parsed.clear();
                points = 0;
            }
        }
        store(parsed);
    }

    private void store(Map<Delivery, List<TelemetryPoint>> parsed) {
        if (parsed.isEmpty()) {
            return;
        }
        List<TelemetryPoint> all = new ArrayList<>();
        parsed.values().forEach(all::addAll);
        try {
            ingest.ingest(all, "mqtt");
            parsed.keySet().forEach(Delivery::done);
        } catch (BadTelemetryException e) {
            // one message spoils the group: store message by message to find it
            for (Map.Entry<Delivery, List<TelemetryPoint>> m : parsed.entrySet()) {
                try {
                    ingest.ingest(m.getValue(), "mqtt");
                    m.getKey().done();
                } catch (BadTelemetryException bad) {
                    deadLetter(m.getKey(), bad.getMessage());
                } catch (StoreException failed) {
                    notStored(m.getKey(), failed);
                }
            }
        } catch (StoreException e) {
            LOG.error("MQTT ingestion could not store {} points ({}); the messages stay unacknowledged", all.size(),
                    e.getMessage());
            parsed.keySet().forEach(d -> d.notStored(e));
        }
    }

    private static void notStored(Delivery d, StoreException e) {
        LOG.error("MQTT ingestion could not store the message on {} ({}); it stays unacknowledged", d.topic(),
                e.getMessage());
        d.notStored(e);
    }

    private List<TelemetryPoint> parse(Delivery d) {
        String base = prefix + "/telemetry";
        if (d.topic().equals(base)) {
            return payloads.batch(d.payload());
        }
        return payloads.forSensor(d.topic().substring(base.length() + 1), d.payload());
    }

    private void deadLetter(Delivery d, String reason) {
        deadLetters.incrementAndGet();
        String topic = prefix + "/deadletter/" + d.topic().substring(prefix.length() + 1);
        LOG.warn("MQTT message on {} refused: {} (republished on {})", d.topic(), reason, topic);
        try {
            deadLetterPublisher.publish(topic, deadLetterBody(d, reason));
        } catch (Exception e) {
            LOG.error("could not publish the dead letter for {}: {}", d.topic(), e.getMessage());
        }
        d.done();
    }

    private static byte[] deadLetterBody(Delivery d, String reason) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", d.topic());
        body.put("reason", reason);
        String payload = new String(d.payload(), StandardCharsets.UTF_8);
        body.put("payload", payload.length() > 10_000 ? payload.substring(0, 10_000) + "..." : payload);
        return JSON.writeValueAsBytes(body);
    }

    /** Stops after the group in hand; queued messages stay unacknowledged. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
