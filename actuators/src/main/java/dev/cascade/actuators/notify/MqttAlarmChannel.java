package dev.cascade.actuators.notify;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes each notification (the webhook's JSON body) at QoS 1 on its site's topic, {@code {ns}/v1/alarms/{site}}
 * ({@link Topics#mqttAlarms}), for mobile apps, over a connection of its own. Must be closed.
 */
public final class MqttAlarmChannel implements NotificationChannel {
    private final String name;
    private final MqttConnection mqtt;
    private final Topics topics;

    private MqttAlarmChannel(String name, MqttConnection mqtt, Topics topics) {
        this.name = name;
        this.mqtt = mqtt;
        this.topics = topics;
    }

    /** Connects to the broker of {@code settings}. */
    public static MqttAlarmChannel open(String name, MqttSettings settings, Topics topics) {
        return new MqttAlarmChannel(name, MqttConnection.open(settings), topics);
    }

    @Override
    public void close() {
        mqtt.close();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification n) throws DeliveryFailure {
        byte[] body = WebhookChannel.body(n).getBytes(StandardCharsets.UTF_8);
        try {
            mqtt.publish(topics.mqttAlarms(n.site()), body, 1,
                    new PublishOptions(Optional.of("application/json"), Optional.empty(), Map.of()))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted while publishing", true, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new DeliveryFailure("MQTT publish failed: " + e, true, e);
        }
    }
}
