package dev.cascade.actuators.delivery;

import dev.cascade.actuators.interlock.Rule;
import dev.cascade.ops.Health;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.codec.RejectReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumSet;

/** Exposes a command delivery bridge's counts as {@code cascade_actuate_*} meters and its readiness as a health check. */
public final class DeliveryMetrics {
    private DeliveryMetrics() {}

    /** Registers the bridge's meters in {@code registry}; they read its stats on each scrape. */
    public static void bind(CommandDelivery delivery, MeterRegistry registry) {
        RoleMetrics m = RoleMetrics.of("actuate", registry);
        m.counter("commands_in", "commands read from Kafka", delivery, d -> d.stats().commandsReceived(), Tags.empty());
        m.counter("commands_out", "commands published to actuators (first sends)", delivery, d -> d.stats().commandsSent(),
                Tags.empty());
        m.counter("duplicate_acks", "acknowledgements of a command whose fate was already recorded (not written again)",
                delivery, d -> d.stats().duplicateAcks(), Tags.empty());
        m.counter("resends", "commands published again for want of an acknowledgement", delivery,
                d -> d.stats().resends(), Tags.empty());
        m.counter("acks_in", "acknowledgements read from MQTT (and written to Kafka)", delivery,
                d -> d.stats().acksReceived(), Tags.empty());
        m.counter("commands_acked", "commands acknowledged with success", delivery, d -> d.stats().acked(), Tags.empty());
        m.counter("commands_failed", "commands refused, expired or failed (each raised an alert)", delivery,
                d -> d.stats().failed(), Tags.empty());
        m.counter("duplicates_skipped", "commands read again after they were handled", delivery,
                d -> d.stats().duplicatesSkipped(), Tags.empty());
        m.countersByKey("rejects", "undecodable commands or acknowledgements, dead-lettered, by reason", "reason",
                EnumSet.allOf(RejectReason.class), RejectReason::displayName, delivery::rejections);
        m.countersByKey("refusals", "commands refused or withdrawn by the bridge's interlocks and checks, by rule", "rule",
                EnumSet.allOf(Rule.class), Rule::wireName, delivery::refusalsByRule);
        m.counter("valve_closes", "valve closes the bridge issued itself when an open's duration ended", delivery,
                CommandDelivery::closesIssued, Tags.empty());
        m.counter("valve_early_closes", "valve closes the bridge issued early because a forecast said the zone had had"
                + " enough", delivery, CommandDelivery::earlyCloses, Tags.empty());
        m.counter("fate_write_failures", "fates that could not be written to Kafka", delivery,
                CommandDelivery::fateWriteFailures, Tags.empty());
        m.gauge("unsettled", "commands", "commands read whose fate is not written yet (offsets not committed)", delivery,
                CommandDelivery::unsettled, Tags.empty());
        m.gauge("pending", "commands", "commands sent and awaiting acknowledgement", delivery, d -> d.stats().pending(),
                Tags.empty());
        m.gauge("kafka_consumer_lag", "records", "commands behind the end of the topic", delivery,
                CommandDelivery::consumerLag, Tags.empty());
    }

    /** Adds the bridge's readiness to {@code health}: MQTT connected with its subscription, commands group joined. */
    public static void readiness(CommandDelivery delivery, Health health) {
        health.readiness("actuate_delivery", delivery::ready);
    }
}
