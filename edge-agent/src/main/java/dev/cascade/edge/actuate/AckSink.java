package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.CommandAck;

/** Where the executor's acknowledgements go (the cloud broker's {@code acks} channel). Must not block; thread-safe. */
@FunctionalInterface
public interface AckSink {
    AckSink NONE = ack -> {};

    void send(CommandAck ack);
}
