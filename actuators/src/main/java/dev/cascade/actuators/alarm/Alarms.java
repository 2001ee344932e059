package dev.cascade.actuators.alarm;

import dev.cascade.actuators.notify.NotifyConfig;
import dev.cascade.actuators.notify.Notifier;
import dev.cascade.transport.mqtt.MqttSettings;
import java.time.Clock;

/**
 * The alarm service with its notification channels, as the actuate role and the demo run it. Must be closed
 * (service first, then the channels).
 */
public final class Alarms implements AutoCloseable {
    private final Notifier notifier;
    private final AlarmService service;

    private Alarms(Notifier notifier, AlarmService service) {
        this.notifier = notifier;
        this.service = service;
    }

    /** Opens the channels of {@code notify} ({@code broker} for the MQTT one), then starts the service. */
    public static Alarms start(AlarmServiceConfig config, NotifyConfig notify, MqttSettings broker, Clock clock) {
        Notifier n = notify.open(broker, config.topics(), clock);
        try {
            return new Alarms(n, AlarmService.start(config, n, clock));
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    public AlarmService service() {
        return service;
    }

    public Notifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            notifier.close();
        }
    }
}
