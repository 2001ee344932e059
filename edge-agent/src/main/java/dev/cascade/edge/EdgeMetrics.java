package dev.cascade.edge;

import dev.cascade.edge.actuate.Refusal;
import dev.cascade.edge.decide.Decision;
import dev.cascade.ops.Health;
import dev.cascade.ops.RoleMetrics;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exposes an edge agent's counts as {@code cascade_edge_*} meters, its latencies as histograms (through an
 * {@link EdgeObserver} given to the agent at start) and its readiness as a health check.
 */
public final class EdgeMetrics {
    private EdgeMetrics() {}

    /** Registers the agent's meters in {@code registry}; they read its stats on each scrape. */
    public static void bind(EdgeAgent agent, MeterRegistry registry) {
        RoleMetrics m = RoleMetrics.of("edge", registry);
        m.counter("windows_in", "windows received from sensors", agent, a -> a.stats().windows(), Tags.empty());
        m.counter("windows_rejected", "windows refused (undecodable, foreign, stale, replayed, saturated, non-finite, ...)",
                agent, a -> a.stats().rejected(), Tags.empty());
        m.countersByKey("rejects", "windows refused, by reason", "reason", EnumSet.allOf(RejectReason.class),
                RejectReason::displayName, () -> agent.stats().rejectedByReason());
        m.counter("worker_restarts", "workers that died unexpectedly and were restarted", agent,
                a -> a.stats().workerRestarts(), Tags.empty());
        m.counter("decided_locally", "windows the edge decided alone", agent, a -> a.stats().decidedLocally(), Tags.empty());
        m.counter("idle", "vibration windows of a machine at rest (not scored)", agent, a -> a.stats().idle(), Tags.empty());
        m.countersByKey("escalations", "windows escalated to the cloud, by reason", "reason",
                EnumSet.allOf(EscalationReason.class), EscalationReason::displayName, () -> agent.stats().escalated());
        m.counter("local_actions", "commands the edge sent itself", agent, a -> a.stats().localActions(), Tags.empty());
        m.counter("messages_out", "escalations the cloud broker acknowledged", agent, a -> a.stats().uplinkSent(),
                Tags.empty());
        m.counter("uplink_messages", "MQTT messages used for escalations", agent, a -> a.stats().uplinkMessages(),
                Tags.empty());
        m.counter("uplink_payload_bytes", "payload bytes used for escalations", agent, a -> a.stats().uplinkBytes(),
                Tags.empty());
        m.gauge("uplink_backlog", "escalations", "escalations waiting to be sent", agent, a -> a.stats().uplinkBacklog(),
                Tags.empty());
        m.counter("windows_shed", "windows shed because their worker's queue was full", agent, EdgeAgent::windowsShed,
                Tags.empty());
        m.gauge("uplink", "connected", "1 while the uplink's MQTT connection is up", agent,
                a -> a.uplinkConnected() ? 1 : 0, Tags.empty());
        dev.cascade.edge.outbox.OutboxMetrics.bind(m, agent::outboxStats);
        if (agent.otaStats().isPresent()) {
            dev.cascade.edge.ota.OtaMetrics.bind(m, () -> agent.otaStats().orElseThrow());
        }
        bindDevice(agent, m);
    }

    private static void bindDevice(EdgeAgent agent, RoleMetrics m) {
        List<String> rules = List.of(Refusal.AUTHORITY, Refusal.OUTPUT_KIND, Refusal.EXPIRED, Refusal.DUPLICATE,
                Refusal.RESUME_BY_OPERATOR, Refusal.MIN_START_STOP_INTERVAL, Refusal.MAX_OPEN_TIME, Refusal.FAIL_SAFE,
                Refusal.OUTPUT_FAILED, "wrong_topic");
        m.counter("commands_executed", "commands carried out at the device's outputs", agent,
                a -> a.deviceStats().commandsExecuted(), Tags.empty());
        m.countersByKey("commands_refused", "commands refused (and acknowledged), by the rule that refused them", "rule",
                rules, r -> r, () -> agent.deviceStats().commandsRefusedByRule());
        m.countersByKey("interlocks_enforced", "what the agent did by itself: valves closed at their max open time,"
                + " entries into the fail-safe state", "rule", List.of(Refusal.MAX_OPEN_TIME, Refusal.FAIL_SAFE), r -> r,
                () -> agent.deviceStats().interlocksEnforced());
        m.gauge("fail_safe", "state", "1 while the outputs are held in their fail-safe state", agent,
                a -> a.deviceStats().failSafe() ? 1 : 0, Tags.empty());
        m.counter("local_send_failures", "the edge's own commands the local broker did not take", agent,
                a -> a.deviceStats().localSendFailures(), Tags.empty());
        m.counter("commands_undecodable", "cloud commands that could not be decoded", agent,
                a -> a.deviceStats().commandsUndecodable(), Tags.empty());
        m.counter("heartbeats", "heartbeats the cloud broker acknowledged", agent, a -> a.deviceStats().heartbeatsSent(),
                Tags.empty());
        m.counter("heartbeat_failures", "heartbeats not sent", agent, a -> a.deviceStats().heartbeatFailures(),
                Tags.empty());
        m.counter("sensor_silent", "times a sensor stopped sending windows for longer than the silence limit", agent,
                a -> a.deviceStats().sensorSilences(), Tags.empty());
        m.counter("remote_configs_applied", "remote configurations applied", agent,
                a -> a.deviceStats().remoteConfigsApplied(), Tags.empty());
        m.counter("remote_configs_refused", "remote configurations refused", agent,
                a -> a.deviceStats().remoteConfigsRefused(), Tags.empty());
    }

    /**
     * An observer to pass to {@link EdgeAgent#start(EdgeConfig, InstantSource, EdgeObserver)} that records
     * {@code cascade_edge_decision_latency_seconds} (window sent to decided, by kind and decision) and
     * {@code cascade_edge_local_action_latency_seconds} (window sent to the edge's own command).
     */
    public static EdgeObserver observer(MeterRegistry registry, InstantSource clock) {
        RoleMetrics m = RoleMetrics.of("edge", registry);
        Map<SensorKind, Map<Decision, Timer>> decisions = new EnumMap<>(SensorKind.class);
        for (SensorKind k : SensorKind.values()) {
            Map<Decision, Timer> byDecision = new EnumMap<>(Decision.class);
            for (Decision d : Decision.values()) {
                byDecision.put(d, m.timer("decision_latency", "time from a window's send to the edge's decision",
                        Tags.of("kind", lower(k), "decision", lower(d))));
            }
            decisions.put(k, byDecision);
        }
        Timer action = m.timer("local_action_latency", "time from a window's send to the edge's own command", Tags.empty());
        RunningModels running = new RunningModels(m);
        return new EdgeObserver() {
            @Override
            public void onDecision(SensorWindow window, float score, Decision decision) {
                record(decisions.get(window.kind()).get(decision), Duration.between(window.sentAt(), clock.instant()));
            }

            @Override
            public void onModelRunning(SensorKind kind, ModelRef model) {
                running.set(kind, model);
            }

            @Override
            public void onLocalAction(Command command) {
                if (command.header().windowSentAt() != null) {
                    record(action, Duration.between(command.header().windowSentAt(), command.header().issuedAt()));
                }
            }
        };
    }

    /** Adds the agent's readiness to {@code health}: models warmed, subscribed, its MQTT connections up. */
    public static void readiness(EdgeAgent agent, Health health) {
        health.readiness("edge_agent", agent::ready);
    }

    /** {@code cascade_edge_model_version{kind,model,version} 1}: an info metric, one row per sensor kind. */
    private static final class RunningModels {
        private final MultiGauge gauge;
        private final Map<SensorKind, ModelRef> byKind = new EnumMap<>(SensorKind.class);

        RunningModels(RoleMetrics m) {
            gauge = MultiGauge.builder(m.name("model", "version"))
                    .description("the model version each sensor kind is scored with now (value 1)").register(m.registry());
        }

        synchronized void set(SensorKind kind, ModelRef model) {
            byKind.put(kind, model);
            List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
            byKind.forEach((k, r) -> rows.add(MultiGauge.Row.of(
                    Tags.of("kind", lower(k), "model", r.name(), "version", r.version()), 1)));
            gauge.register(rows, true);
        }
    }

    private static void record(Timer t, Duration d) {
        if (t != null && !d.isNegative()) {
            t.record(d);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
