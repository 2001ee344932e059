package dev.cascade.actuators.notify;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.mqtt.MqttSettings;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notification channels, routes and sites of an alarm service, before anything is opened.
 *
 * @param webhooks the webhook channels
 * @param emails the e-mail channels
 * @param mqtt the MQTT channel's name and limits, if alarms go out over MQTT
 * @param routes which alarms go where
 * @param sites the site of each device
 */
public record NotifyConfig(List<Webhook> webhooks, List<Email> emails, Optional<Mqtt> mqtt, List<Route> routes,
                           SiteMap sites) {
    public NotifyConfig {
        webhooks = List.copyOf(webhooks);
        emails = List.copyOf(emails);
        routes = List.copyOf(routes);
        if (mqtt == null || sites == null) {
            throw new IllegalArgumentException("mqtt and sites must not be null");
        }
    }

    /** No channel but the alarms topic. */
    public static NotifyConfig none() {
        return new NotifyConfig(List.of(), List.of(), Optional.empty(), List.of(), SiteMap.single("default"));
    }

    /** A webhook channel. */
    public record Webhook(String name, URI url, byte[] secret, Duration timeout, ChannelLimits limits) {
        @Override
        public String toString() {
            return "Webhook[" + name + ", " + url + "]";
        }
    }

    /** An e-mail channel. */
    public record Email(String name, EmailChannel.EmailSettings settings, ChannelLimits limits) {}

    /** The MQTT channel (over the role's broker). */
    public record Mqtt(String name, ChannelLimits limits) {}

    /** Opens the channels and returns a notifier over them; {@code broker} is used by the MQTT channel. */
    public Notifier open(MqttSettings broker, Topics topics, InstantSource clock) {
        Map<NotificationChannel, ChannelLimits> channels = new LinkedHashMap<>();
        try {
            for (Webhook w : webhooks) {
                channels.put(new WebhookChannel(w.name(), w.url(), w.secret(), w.timeout()), w.limits());
            }
            for (Email e : emails) {
                channels.put(new EmailChannel(e.name(), e.settings()), e.limits());
            }
            if (mqtt.isPresent()) {
                channels.put(MqttAlarmChannel.open(mqtt.get().name(), broker, topics), mqtt.get().limits());
            }
            return new Notifier(channels, routes, sites, clock);
        } catch (RuntimeException e) {
            channels.keySet().forEach(NotificationChannel::close);
            throw e;
        }
    }
}
