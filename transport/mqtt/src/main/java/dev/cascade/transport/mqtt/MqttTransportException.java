package dev.cascade.transport.mqtt;

/** A connection, subscription or publish could not be carried out. Retriable unless the settings are wrong. */
public final class MqttTransportException extends RuntimeException {
    public MqttTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
