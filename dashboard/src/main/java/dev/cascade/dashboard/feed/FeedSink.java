package dev.cascade.dashboard.feed;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import java.time.Instant;

/** Where the {@link KafkaFeed} delivers what it decoded; called on the feed's thread only. */
public interface FeedSink {
    void escalation(Escalation e);

    void result(InferenceResult r);

    void command(Command c);

    void ack(CommandAck a);

    /** A heartbeat or other telemetry record of {@code deviceId}; {@code model} may be empty. */
    void telemetry(String deviceId, Instant at, String model);

    void alarm(Alarm a);

    /** A record that did not decode. */
    void rejected(Channel channel, String key, byte[] payload, Rejection rejection);
}
