package dev.cascade.edge;

import dev.cascade.edge.action.IrrigationPolicy;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.guard.Freshness;
import dev.cascade.edge.guard.SampleLimits;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one edge agent (a gateway serving many sensors).
 *
 * @param gatewayId this agent's identity (MQTT client ids, batch sender)
 * @param sensorMqtt the local broker the sensors publish windows to
 * @param uplinkMqtt the cloud broker escalations go to (one connection when it has the same URI as the sensors' broker)
 * @param topics the namespace
 * @param models the model bundle folder for each kind of window this agent scores
 * @param trustedKeys a folder of Ed25519 public keys; when set, unsigned or tampered bundles are refused
 * @param policy when to decide locally and when to escalate
 * @param uplink batching and buffering of escalations
 * @param workers inference threads (each owns its own interpreters)
 * @param commandTtl time-to-live of commands the edge sends itself
 * @param irrigation how the edge waters a zone it is sure needs water (threshold, minutes per point of deficit)
 * @param actionCooldown after acting on a device the edge leaves it alone this long (on the windows' clock)
 * @param limits sample values each sensor kind can produce, per channel; windows outside are refused
 *     ({@code saturated}); default {@link SampleLimits#defaults()} (vibration |g| <= 200, soil moisture 0..100 %,
 *     temperature -40..85 deg C, rain 0..500 mm)
 * @param freshness windows older than {@code maxAge} (default 5 min) or ahead by more than {@code maxFutureSkew}
 *     (default 1 min) are refused ({@code stale}), and so are sequence numbers already seen for the device within
 *     the last {@code replayWindow} (default 1024) numbers ({@code replayed})
 * @param outbox the durable store-and-forward queue of what must go up; empty: a throw-away one in a temporary
 *     folder (survives an uplink outage, not a restart)
 */
public record EdgeConfig(DeviceId gatewayId, MqttSettings sensorMqtt, MqttSettings uplinkMqtt, Topics topics,
                         Map<SensorKind, Path> models, Optional<Path> trustedKeys, EscalationPolicy policy,
                         UplinkOptions uplink, int workers, Duration commandTtl, IrrigationPolicy irrigation,
                         Duration actionCooldown, SampleLimits limits, Freshness freshness,
                         Optional<OutboxOptions> outbox) {
    public EdgeConfig {
        List<String> errors = new ArrayList<>();
        if (gatewayId == null) {
            errors.add("gatewayId must not be null");
        }
        if (sensorMqtt == null) {
            errors.add("sensorMqtt must not be null");
        }
        if (uplinkMqtt == null) {
            errors.add("uplinkMqtt must not be null");
        }
        if (sensorMqtt != null && uplinkMqtt != null && sensorMqtt.serverUri().equals(uplinkMqtt.serverUri())
                && sensorMqtt.clientId().equals(uplinkMqtt.clientId())) {
            errors.add("uplinkMqtt.clientId must differ from sensorMqtt.clientId on the same broker (the agent holds two"
                    + " connections), was " + uplinkMqtt.clientId());
        }
        if (topics == null) {
            errors.add("topics must not be null");
        }
        if (models == null || models.isEmpty()) {
            errors.add("models must name at least one bundle folder, was " + models);
        }
        if (trustedKeys == null) {
            errors.add("trustedKeys must not be null (use Optional.empty())");
        }
        if (policy == null) {
            errors.add("policy must not be null");
        }
        if (uplink == null) {
            errors.add("uplink must not be null");
        }
        if (workers < 1 || workers > 64) {
            errors.add("workers must be in [1, 64], was " + workers);
        }
        if (commandTtl == null || commandTtl.isNegative() || commandTtl.isZero()) {
            errors.add("commandTtl must be > 0, was " + commandTtl);
        }
        if (irrigation == null) {
            errors.add("irrigation must not be null");
        }
        if (actionCooldown == null || actionCooldown.isNegative()) {
            errors.add("actionCooldown must be >= 0, was " + actionCooldown);
        }
        if (limits == null) {
            errors.add("limits must not be null (use SampleLimits.none())");
        }
        if (freshness == null) {
            errors.add("freshness must not be null");
        }
        if (outbox == null) {
            errors.add("outbox must not be null (use Optional.empty())");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid edge configuration: " + String.join("; ", errors));
        }
        models = Map.copyOf(new EnumMap<>(models));
    }

    /** As the canonical constructor, with a throw-away outbox. */
    public EdgeConfig(DeviceId gatewayId, MqttSettings sensorMqtt, MqttSettings uplinkMqtt, Topics topics,
                      Map<SensorKind, Path> models, Optional<Path> trustedKeys, EscalationPolicy policy,
                      UplinkOptions uplink, int workers, Duration commandTtl, IrrigationPolicy irrigation,
                      Duration actionCooldown, SampleLimits limits, Freshness freshness) {
        this(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers, commandTtl,
                irrigation, actionCooldown, limits, freshness, Optional.empty());
    }

    /** As the canonical constructor, with {@link SampleLimits#defaults()} and {@link Freshness#defaults()}. */
    public EdgeConfig(DeviceId gatewayId, MqttSettings sensorMqtt, MqttSettings uplinkMqtt, Topics topics,
                      Map<SensorKind, Path> models, Optional<Path> trustedKeys, EscalationPolicy policy,
                      UplinkOptions uplink, int workers, Duration commandTtl, IrrigationPolicy irrigation,
                      Duration actionCooldown) {
        this(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers, commandTtl,
                irrigation, actionCooldown, SampleLimits.defaults(), Freshness.defaults());
    }

    /**
     * One broker for sensors and uplink, default policy, immediate uplink, 1 worker, 30 s TTL, default irrigation,
     * 5 min action cooldown.
     */
    public static EdgeConfig of(DeviceId gatewayId, String mqttUri, Topics topics, Map<SensorKind, Path> models) {
        return new EdgeConfig(gatewayId, MqttSettings.of(mqttUri, gatewayId + "-sensors"),
                MqttSettings.of(mqttUri, gatewayId + "-uplink"), topics, models, Optional.empty(), EscalationPolicy.defaults(),
                UplinkOptions.immediate(), 1, Duration.ofSeconds(30), IrrigationPolicy.defaults(), Duration.ofMinutes(5));
    }

    public EdgeConfig withPolicy(EscalationPolicy p) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, p, uplink, workers,
                commandTtl, irrigation, actionCooldown, limits, freshness, outbox);
    }

    public EdgeConfig withUplink(UplinkOptions u) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, u, workers,
                commandTtl, irrigation, actionCooldown, limits, freshness, outbox);
    }

    public EdgeConfig withTrustedKeys(Path dir) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, Optional.of(dir), policy, uplink,
                workers, commandTtl, irrigation, actionCooldown, limits, freshness, outbox);
    }

    public EdgeConfig withIrrigation(IrrigationPolicy i) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers,
                commandTtl, i, actionCooldown, limits, freshness, outbox);
    }

    public EdgeConfig withWorkers(int n) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, n,
                commandTtl, irrigation, actionCooldown, limits, freshness, outbox);
    }

    public EdgeConfig withActionCooldown(Duration d) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers,
                commandTtl, irrigation, d, limits, freshness, outbox);
    }

    public EdgeConfig withLimits(SampleLimits l) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers,
                commandTtl, irrigation, actionCooldown, l, freshness, outbox);
    }

    public EdgeConfig withFreshness(Freshness f) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers,
                commandTtl, irrigation, actionCooldown, limits, f, outbox);
    }

    public EdgeConfig withOutbox(OutboxOptions o) {
        return new EdgeConfig(gatewayId, sensorMqtt, uplinkMqtt, topics, models, trustedKeys, policy, uplink, workers,
                commandTtl, irrigation, actionCooldown, limits, freshness, Optional.of(o));
    }
}
