package dev.cascade.actuators.config;

import dev.cascade.actuators.alarm.AlarmPolicy;
import dev.cascade.actuators.notify.ChannelLimits;
import dev.cascade.actuators.notify.EmailChannel;
import dev.cascade.actuators.notify.NotifyConfig;
import dev.cascade.actuators.notify.Route;
import dev.cascade.actuators.notify.SiteMap;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Secret;
import dev.cascade.protocol.WireEnum;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.window.SensorKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code actuate.alarms:} keys: the alarm lifecycle, notification channels and routes.
 *
 * @param enabled whether the role runs the alarm service
 * @param group its consumer group
 * @param policy clearing, escalation, reminders, offline detection
 * @param channels notification channels, routes and sites
 */
public record AlarmsSection(boolean enabled, String group, AlarmPolicy policy, NotifyConfig channels) {
    private static final String NAME = "[a-z][a-z0-9_-]{0,31}";
    private static final String NAME_RULE = "1-32 characters of [a-z0-9_-] starting with a letter";

    /** Alarms on, default policy, no channel but the alarms topic. */
    public static AlarmsSection defaults() {
        return new AlarmsSection(true, "alarms", AlarmPolicy.defaults(), NotifyConfig.none());
    }

    /** Reads {@code alarms:}; null when it has violations (they are recorded). */
    public static AlarmsSection read(ConfigNode n) {
        boolean enabled = n.bool("enabled", true, "run the alarm service (alerts -> alarms -> notifications)");
        String group = n.text("group", "alarms", "[A-Za-z0-9_-]{1,64}", "1-64 characters of [A-Za-z0-9_-]",
                "Kafka consumer group of the alarm service (one active instance per namespace)");
        int normals = (int) n.integer("clear-after-normal", 5, 1, 10_000,
                "consecutive normal results of a device that end its anomaly or irrigation condition");
        Duration hold = n.duration("hold-down", Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(1),
                "how long an ended condition must stay ended before its alarm clears (flapping stays one alarm)");
        Duration quiet = n.duration("clear-after-quiet", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(30),
                "conditions no result can end (refused, expired, failed commands) clear after this long without a report");
        Duration escalate = n.duration("escalate-after", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(30),
                "an unacknowledged alarm escalates one level after each such period (0s: never)");
        int levels = (int) n.integer("max-escalations", 2, 0, 10, "the highest escalation level");
        Duration remind = n.duration("reminder-every", Duration.ofMinutes(15), Duration.ZERO, Duration.ofDays(30),
                "an open, unacknowledged alarm is notified again this often (0s: never)");
        Map<String, String> offline = n.map("offline-after",
                "per device kind (vibration, soil), the silence on Kafka after which a device is offline (kinds left out: never)");
        Map<SensorKind, Duration> offlineAfter = new EnumMap<>(SensorKind.class);
        offline.forEach((kind, d) -> {
            Optional<SensorKind> k = WireEnum.byDisplayName(SensorKind.class, kind);
            Optional<Duration> dur = ConfigNode.parseDuration(d);
            if (k.isEmpty()) {
                n.violation("offline-after." + kind, "a device kind (vibration, soil)", '"' + kind + '"');
            } else if (dur.isEmpty() || dur.get().isZero() || dur.get().isNegative()) {
                n.violation("offline-after." + kind, "a positive duration like 2m", '"' + d + '"');
            } else {
                offlineAfter.put(k.get(), dur.get());
            }
        });
        String defaultSite = n.text("default-site", "default", SiteMap.SITE_PATTERN, "1-64 characters of [a-z0-9_-]",
                "the site of devices not listed in sites");
        Map<String, String> sites = n.map("sites", "the site of each device (device id: site), for routing and MQTT topics");

        List<NotifyConfig.Webhook> webhooks = new ArrayList<>();
        for (ConfigNode w : n.list("webhooks", "webhook channels: JSON POSTs (Slack-compatible), HMAC-SHA256 signed")) {
            String name = w.text("name", "webhook", NAME, NAME_RULE, "the channel's name in routes and metrics");
            String url = w.text("url", w.documentingOnly() ? "" : null, "https?://\\S+", "an http(s) URL", "where to POST");
            Optional<Secret> secret = w.secret("secret", "file holding the shared secret the body is signed with");
            Duration timeout = w.duration("timeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(5),
                    "connect and response timeout");
            ChannelLimits limits = limits(w);
            w.finish();
            if (!w.documentingOnly()) {
                if (secret.isEmpty()) {
                    w.violation("secret-file", "set (webhooks are signed)", "(none)");
                } else {
                    w.build(() -> new NotifyConfig.Webhook(name, URI.create(url),
                            secret.get().reveal().getBytes(StandardCharsets.UTF_8), timeout, limits)).ifPresent(webhooks::add);
                }
            }
        }
        List<NotifyConfig.Email> emails = new ArrayList<>();
        for (ConfigNode e : n.list("emails", "e-mail channels over SMTP")) {
            String name = e.text("name", "email", NAME, NAME_RULE, "the channel's name in routes and metrics");
            String host = e.text("host", "127.0.0.1", "\\S+", "a host name", "SMTP host");
            int port = (int) e.integer("port", 25, 1, 65535, "SMTP port");
            boolean tls = e.bool("start-tls", false, "require STARTTLS");
            Optional<String> user = e.optionalText("username", "SMTP login, if the server wants one");
            Optional<Secret> password = e.secret("password", "file holding the SMTP password");
            String from = e.text("from", "cascade@localhost", "\\S+@\\S+", "an e-mail address", "sender address");
            String to = e.text("to", e.documentingOnly() ? "" : null, "\\S+@\\S+(\\s*,\\s*\\S+@\\S+)*",
                    "comma-separated e-mail addresses", "recipients, comma-separated");
            Duration timeout = e.duration("timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5),
                    "SMTP connect, read and write timeout");
            ChannelLimits limits = limits(e);
            e.finish();
            if (!e.documentingOnly()) {
                e.build(() -> new NotifyConfig.Email(name, new EmailChannel.EmailSettings(host, port, tls, user,
                        password.map(Secret::reveal), from, split(to), timeout), limits)).ifPresent(emails::add);
            }
        }
        Optional<NotifyConfig.Mqtt> mqtt = Optional.empty();
        ConfigNode m = n.object("mqtt", "the MQTT channel: notifications on {ns}/v1/alarms/{site} over the role's broker");
        boolean mqttOn = m.bool("enabled", false, "publish notifications over MQTT (for mobile apps)");
        String mqttName = m.text("name", "mqtt", NAME, NAME_RULE, "the channel's name in routes and metrics");
        ChannelLimits mqttLimits = limits(m);
        m.finish();
        if (mqttOn && mqttLimits != null) {
            mqtt = Optional.of(new NotifyConfig.Mqtt(mqttName, mqttLimits));
        }
        List<Route> routes = new ArrayList<>();
        for (ConfigNode r : n.list("routes", "which alarms go to which channels")) {
            Severity min = r.choice("min-severity", Severity.class, Severity.WARNING, "the least severity that matches");
            String siteList = r.text("sites", "", "([a-z0-9_-]{1,64}(\\s*,\\s*[a-z0-9_-]{1,64})*)?",
                    "comma-separated site names", "the sites that match, comma-separated (empty: every site)");
            int level = (int) r.integer("escalation-level", 0, 0, 10,
                    "applies from this escalation level (above 0: the escalation path, told when an alarm reaches it)");
            String channels = r.text("channels", r.documentingOnly() ? "" : null, "[a-z][a-z0-9_-]*(\\s*,\\s*[a-z][a-z0-9_-]*)*",
                    "comma-separated channel names", "the channels to notify, comma-separated");
            r.finish();
            if (!r.documentingOnly()) {
                Set<String> s = new LinkedHashSet<>(split(siteList));
                r.build(() -> new Route(min, s, level, split(channels))).ifPresent(routes::add);
            }
        }
        n.finish();
        if (n.documentingOnly()) {
            return defaults();
        }
        Optional<NotifyConfig.Mqtt> mq = mqtt;
        Optional<AlarmsSection> out = n.build(() -> {
            AlarmPolicy policy = new AlarmPolicy(normals, hold, quiet, escalate.isZero() ? Optional.empty() : Optional.of(escalate),
                    levels, remind.isZero() ? Optional.empty() : Optional.of(remind), offlineAfter);
            NotifyConfig notify = new NotifyConfig(webhooks, emails, mq, routes, new SiteMap(sites, defaultSite));
            checkRoutes(notify);
            return new AlarmsSection(enabled, group, policy, notify);
        });
        return out.orElse(null);
    }

    private static void checkRoutes(NotifyConfig c) {
        Set<String> names = new LinkedHashSet<>();
        c.webhooks().forEach(w -> names.add(w.name()));
        c.emails().forEach(e -> names.add(e.name()));
        c.mqtt().ifPresent(m -> names.add(m.name()));
        for (Route r : c.routes()) {
            for (String ch : r.channels()) {
                if (!names.contains(ch)) {
                    throw new IllegalArgumentException("routes[].channels must name configured channels " + names + ", was " + ch);
                }
            }
        }
    }

    private static ChannelLimits limits(ConfigNode n) {
        ChannelLimits d = ChannelLimits.defaults();
        int queue = (int) n.integer("queue", d.queue(), 1, 1_000_000, "notifications that may wait for this channel (more are dropped, counted)");
        int perMinute = (int) n.integer("per-minute", d.perMinute(), 1, 1_000_000, "notifications this channel sends a minute at most (more wait)");
        int retries = (int) n.integer("retries", d.retries(), 0, 100, "attempts after the first for a retriable failure");
        Duration backoff = n.duration("backoff", d.backoff(), Duration.ZERO, Duration.ofMinutes(10), "wait before the first retry, doubled each time");
        Duration max = n.duration("max-backoff", d.maxBackoff(), Duration.ZERO, Duration.ofHours(1), "the longest wait between attempts");
        return n.build(() -> new ChannelLimits(queue, perMinute, retries, backoff, max)).orElse(d);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
