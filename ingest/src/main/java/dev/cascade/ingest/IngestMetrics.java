package dev.cascade.ingest;

import dev.cascade.ops.Health;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.codec.RejectReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;

/** Exposes an ingest bridge's counts as {@code cascade_ingest_*} meters and its readiness as health checks. */
public final class IngestMetrics {
    private IngestMetrics() {}

    /** Registers the bridge's meters in {@code registry}; they read the bridge's stats on each scrape. */
    public static void bind(IngestBridge bridge, MeterRegistry registry) {
        RoleMetrics m = RoleMetrics.of("ingest", registry);
        m.counter("messages_in", "MQTT messages read", bridge, b -> b.stats().received(), Tags.empty());
        m.counter("messages_decoded", "MQTT messages that decoded on a Cascade topic", bridge, b -> b.stats().decoded(),
                Tags.empty());
        m.counter("messages_decided", "MQTT messages whose every escalation went to Kafka or the dead-letter topic", bridge,
                b -> b.stats().decided(), Tags.empty());
        m.counter("dead_letter_failures", "dead letters Kafka did not take (their messages were acknowledged anyway)",
                bridge, b -> b.stats().deadLetterFailures(), Tags.empty());
        m.counter("messages_out", "escalations written to Kafka (a batch counts once per escalation)", bridge,
                b -> b.stats().written(), Tags.empty());
        m.counter("messages_acknowledged", "MQTT messages acknowledged once Kafka had all their records", bridge,
                b -> b.stats().acknowledged(), Tags.empty());
        m.countersByKey("rejects", "messages refused and dead-lettered, by reason", "reason",
                EnumSet.allOf(RejectReason.class), RejectReason::displayName, bridge::rejections);
        m.counter("kafka_retries", "Kafka writes that failed and were retried", bridge, b -> b.stats().kafkaRetries(),
                Tags.empty());
        io.micrometer.core.instrument.Timer ack = m.timer("ack_latency",
                "MQTT arrival to acknowledgement (every record of the message in Kafka or dead-lettered)", Tags.empty());
        bridge.observeAckLatency(n -> ack.record(n, java.util.concurrent.TimeUnit.NANOSECONDS));
        m.gauge("pending", "messages", "messages read but not yet acknowledged (the writer's queue)", bridge,
                b -> b.stats().pending(), Tags.empty());
    }

    /** Adds the bridge's readiness to {@code health}: connected to MQTT with its subscriptions. */
    public static void readiness(IngestBridge bridge, Health health) {
        health.readiness("ingest_mqtt_connected", bridge::connected);
    }
}
