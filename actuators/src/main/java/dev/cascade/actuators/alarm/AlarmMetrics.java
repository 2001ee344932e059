package dev.cascade.actuators.alarm;

import dev.cascade.actuators.notify.DeliveryResult;
import dev.cascade.actuators.notify.Notifier;
import dev.cascade.ops.Health;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.topic.Channel;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;

/** Exposes the alarm service and its channels as {@code cascade_actuate_alarm*} and {@code cascade_actuate_notifications*} meters. */
public final class AlarmMetrics {
    private AlarmMetrics() {}

    /** Registers the meters of {@code alarms} in {@code registry}; they read its counts on each scrape. */
    public static void bind(Alarms alarms, MeterRegistry registry) {
        RoleMetrics m = RoleMetrics.of("actuate", registry);
        AlarmService s = alarms.service();
        m.countersByKey("alarm_inputs", "records the alarm service read, by topic", "channel",
                List.of(Channel.ALERTS, Channel.OPERATOR_ACTIONS, Channel.RESULTS, Channel.ACKS, Channel.TELEMETRY),
                Channel::segment, s::inputs);
        m.countersByKey("alarm_events", "alarm changes, by event (all but reminder written to the alarms topic)", "event",
                EnumSet.allOf(AlarmEvent.class), AlarmEvent::displayName, s::events);
        m.countersByKey("alarm_rejects", "undecodable alerts and operator actions, dead-lettered, by reason", "reason",
                EnumSet.allOf(RejectReason.class), RejectReason::displayName, s::rejections);
        m.gauge("alarms_active", "alarms", "alarms whose condition is present", s, AlarmService::activeAlarms, Tags.empty());
        m.gauge("alarms_open", "alarms", "alarms not yet cleared and acknowledged", s, AlarmService::openAlarms, Tags.empty());
        m.gauge("alarm_consumer_lag", "records", "records behind the end of the alarm service's inputs", s,
                AlarmService::consumerLag, Tags.empty());
        Notifier n = alarms.notifier();
        for (String channel : n.channels()) {
            RoleMetrics mc = m.withTags(Tags.of("channel", channel));
            mc.countersByKey("notifications", "notifications by channel and result", "result",
                    EnumSet.allOf(DeliveryResult.class), DeliveryResult::displayName, () -> n.counts(channel));
            mc.gauge("notifications_queued", "notifications", "notifications waiting for the channel", n,
                    x -> x.queued(channel), Tags.empty());
        }
    }

    /** Adds the service's readiness and liveness to {@code health}. */
    public static void health(Alarms alarms, Health health) {
        health.readiness("actuate_alarms", alarms.service()::ready);
        health.liveness("alarms", alarms.service()::problems);
    }
}
