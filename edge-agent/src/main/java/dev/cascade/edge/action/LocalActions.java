package dev.cascade.edge.action;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.PublishOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * The edge acting on its own when its model is sure: a stop for an anomalous machine, an irrigation for
 * a zone forecast to dry out. Commands carry origin {@code EDGE} and go straight to the local actuator.
 * Thread-safe.
 */
public final class LocalActions {
    private final MqttConnection local;
    private final Topics topics;
    private final InstantSource clock;
    private final Duration ttl;
    private final IrrigationPolicy irrigation;
    private final Duration cooldown;
    private final Map<DeviceId, Instant> lastAction = new ConcurrentHashMap<>();

    /**
     * @param cooldown after acting on a device, the edge does not act on it again for this long (a stopped
     *     machine or a zone being watered needs no second command)
     */
    public LocalActions(MqttConnection local, Topics topics, InstantSource clock, Duration ttl,
                        IrrigationPolicy irrigation, Duration cooldown) {
        this.local = local;
        this.topics = topics;
        this.clock = clock;
        this.ttl = ttl;
        this.irrigation = irrigation;
        this.cooldown = cooldown;
    }

    /**
     * The command the edge sends for a confident positive on {@code window} ({@code deficit}: how far a moisture
     * forecast is below the irrigation threshold, in points), if its kind has one and the
     * device was not acted on within the cooldown. The cooldown runs on the windows' own clock (their
     * timestamps), so it means the same when a simulated farm runs a day a minute.
     */
    public Optional<Command> commandFor(SensorWindow window, String why, double deficit) {
        Instant now = clock.instant();
        Instant at = window.timestamp();
        Instant last = lastAction.get(window.deviceId());
        if (last != null && at.isBefore(last.plus(cooldown)) && !at.isBefore(last)) {
            return Optional.empty();
        }
        lastAction.put(window.deviceId(), at);
        if (window.kind() == SensorKind.VIBRATION) {
            return Optional.of(new StopMachine(CommandHeader.caused("stop", window.deviceId(), window.correlationId(),
                    CommandOrigin.EDGE, now, ttl, window.sentAt()), why));
        }
        if (window.kind() == SensorKind.SOIL) {
            return Optional.of(new OpenValve(CommandHeader.caused("open", window.deviceId(), window.correlationId(),
                    CommandOrigin.EDGE, now, ttl, window.sentAt()), irrigation.durationFor(deficit)));
        }
        return Optional.empty();
    }

    /** Sends a command to its actuator; completes when the local broker has it. */
    public CompletableFuture<Void> send(Command command) {
        PublishOptions o = PublishOptions.contentType(Codecs.command().contentType())
                .withMessageExpiry(ttl)
                .withUserProperty(Headers.CORRELATION_ID, command.header().correlationId().value());
        return local.publish(topics.mqtt(Channel.COMMANDS, command.header().deviceId()), Codecs.command().encode(command), 1, o);
    }
}
