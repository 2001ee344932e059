package dev.cascade.actuators.notify;

/** Where notifications go (a webhook, a mailbox, an MQTT topic); called from one thread at a time. */
public interface NotificationChannel extends AutoCloseable {
    /** The channel's name in routing rules and metrics. */
    String name();

    /** Delivers {@code n} or throws; blocking is allowed (each channel has its own thread). */
    void send(Notification n) throws DeliveryFailure;

    @Override
    default void close() {}
}
