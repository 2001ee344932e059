package dev.cascade.bench.kafka;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How long a worker that joins its consumer group waits from {@code subscribe} to its first partitions, in two
 * cases: the group is empty (KEDA scales from zero) and one member holds every partition (a scale-up: that member
 * must give some up first). Each case on three brokers, one after the other in one run: as Cascade's embedded and
 * test brokers are set ({@code group.consumer.assignment.interval.ms=0}, {@code assignor.offload.enable=false},
 * heartbeats every 500 ms), the same with Kafka's 5 s heartbeat interval (what the local stack and the Kubernetes
 * broker had before they took the 500 ms), and Kafka's defaults. The members are Cascade's consumers
 * ({@code KafkaClients.consumer}: the consumer group protocol of KIP-848), polling every 5 ms as a joining worker
 * does. The figures behind docs/DEPLOY.md, "Kafka settings". Usage: {@code JoinLatency [JOINS] [PARTITIONS]}.
 */
public final class JoinLatency {
    private static final Duration JOINING_POLL = Duration.ofMillis(5);

    private JoinLatency() {}

    public static void main(String[] args) throws Exception {
        int joins = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (joins < 1 || partitions < 2) {
            throw new IllegalArgumentException("usage: JoinLatency [JOINS >= 1] [PARTITIONS >= 2], was " + List.of(args));
        }
        Map<String, Map<String, String>> settings = new java.util.LinkedHashMap<>();
        settings.put("Cascade's brokers (interval 0, not offloaded, heartbeat 500 ms)", Map.of());
        settings.put("interval 0, not offloaded, Kafka's 5 s heartbeat", Map.of(
                "group.consumer.heartbeat.interval.ms", "5000", "group.consumer.min.heartbeat.interval.ms", "5000"));
        settings.put("Kafka defaults (interval 1 s, offloaded, heartbeat 5 s)", Map.of(
                "group.consumer.assignment.interval.ms", "1000", "group.consumer.assignor.offload.enable", "true",
                "group.consumer.heartbeat.interval.ms", "5000", "group.consumer.min.heartbeat.interval.ms", "5000"));
        for (Map.Entry<String, Map<String, String>> s : settings.entrySet()) {
            for (boolean holder : new boolean[] {false, true}) {
                List<Double> ms = joins(s.getValue(), joins, partitions, holder);
                List<Double> sorted = new ArrayList<>(ms);
                Collections.sort(sorted);
                System.out.printf(Locale.ROOT, "%s, %s, %d partitions: subscribe -> first partitions min %.0f, median %.0f,"
                                + " max %.0f ms (each: %s)%n", s.getKey(), holder ? "joining a member that holds all"
                                : "empty group", partitions, sorted.get(0), sorted.get(sorted.size() / 2),
                        sorted.get(sorted.size() - 1), round(ms));
            }
        }
    }

    private static List<Double> joins(Map<String, String> broker, int joins, int partitions, boolean holder)
            throws Exception {
        KafkaBrokerConfig d = KafkaBrokerConfig.defaults().withPort(0);
        KafkaBrokerConfig bc = new KafkaBrokerConfig(d.bindAddress(), d.port(), d.logDir(), broker, d.saslSsl());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(bc)) {
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers(), "join-bench");
            try (Admin admin = KafkaClients.admin(ks)) {
                admin.createTopics(List.of(new NewTopic("joins", partitions, (short) 1))).all().get();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
            Thread anchor = holder ? new Thread(() -> {
                try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(ks, "anchor", "join-group", 10)) {
                    c.subscribe(List.of("joins"));
                    while (running.get()) {
                        c.poll(Duration.ofMillis(20));
                        held.set(c.assignment().size());
                    }
                }
            }, "join-bench-anchor") : null;
            if (anchor != null) {
                anchor.start();
            }
            List<Double> out = new ArrayList<>();
            try {
                for (int i = 0; i < joins; i++) {
                    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (anchor != null && held.get() < partitions) { // the holder has taken every partition (back)
                        if (System.nanoTime() > until) {
                            throw new IllegalStateException("the holding member did not get all " + partitions
                                    + " partitions in 60 s");
                        }
                        Thread.sleep(10);
                    }
                    try (KafkaConsumer<String, byte[]> c = KafkaClients.consumer(ks, "joiner", "join-group", 10)) {
                        long t0 = System.nanoTime();
                        c.subscribe(List.of("joins"));
                        long deadline = t0 + Duration.ofSeconds(30).toNanos();
                        while (c.assignment().isEmpty()) {
                            if (System.nanoTime() > deadline) {
                                throw new IllegalStateException("join " + (i + 1) + " got no partition in 30 s");
                            }
                            c.poll(JOINING_POLL);
                        }
                        out.add((System.nanoTime() - t0) / 1e6);
                    }
                    Thread.sleep(500); // the member has left (close sends the leave) before the next one joins
                }
            } finally {
                running.set(false);
                if (anchor != null) {
                    anchor.join(30_000);
                }
            }
            return out;
        }
    }

    private static String round(List<Double> ms) {
        List<String> s = new ArrayList<>();
        for (double m : ms) {
            s.add(String.format(Locale.ROOT, "%.0f", m));
        }
        return String.join(", ", s);
    }
}
