package dev.cascade.transport.mqtt;

/** Receives messages from one subscription. Called on the connection's delivery thread: return quickly. */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param topic the topic the message was published on
     * @param payload the message body (owned by the handler)
     * @param delivery lets a manual-ack connection acknowledge once the message is safe elsewhere
     */
    void onMessage(String topic, byte[] payload, Delivery delivery) throws Exception;
}
