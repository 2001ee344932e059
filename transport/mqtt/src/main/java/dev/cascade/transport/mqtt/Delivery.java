package dev.cascade.transport.mqtt;

/** One received message's acknowledgement. Idempotent; a no-op on connections with automatic acks. */
public interface Delivery {
    /** Tells the broker the message is handled (QoS 1 PUBACK). Safe to call from any thread. */
    void ack();

    /** Whether the broker may have sent this message before (a redelivery after a lost connection). */
    boolean duplicate();

    /**
     * Whether the message carries the retain flag: a retained message the broker kept, or one published with
     * retain (subscriptions keep the flag as published).
     */
    default boolean retained() {
        return false;
    }

    /** The message's MQTT v5 user properties (e.g. a command's signature); empty when it has none. */
    default java.util.Map<String, String> userProperties() {
        return java.util.Map.of();
    }
}
