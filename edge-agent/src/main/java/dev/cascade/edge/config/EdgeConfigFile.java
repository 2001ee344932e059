package dev.cascade.edge.config;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.action.IrrigationPolicy;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.guard.Freshness;
import dev.cascade.edge.guard.SampleLimits;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.transport.mqtt.MqttSection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An edge agent's configuration file ({@code cascade edge --config edge.yaml}, top-level key {@code edge}).
 *
 * @param agent the agent's settings
 * @param ops where its health and metrics endpoint listens
 * @param lifecycle start-up retry and shutdown bounds
 * @param device outputs and interlocks, heartbeat, silent sensors, remote configuration, state folder
 * @param ota over-the-air model updates (empty: the agent takes none)
 */
public record EdgeConfigFile(EdgeConfig agent, OpsSettings ops, Lifecycle lifecycle, DeviceOptions device,
                             Optional<dev.cascade.edge.ota.OtaOptions> ota) {
    /** Reads and documents {@code edge.*}. */
    public static final ConfigLoader<EdgeConfigFile> LOADER =
            new ConfigLoader<>("edge", "the edge agent", EdgeConfigFile::read);

    public EdgeConfigFile {
        if (agent == null || ops == null || lifecycle == null || device == null || ota == null) {
            throw new IllegalArgumentException("agent, ops, lifecycle, device and ota must not be null");
        }
    }

    /** Without over-the-air updates. */
    public EdgeConfigFile(EdgeConfig agent, OpsSettings ops, Lifecycle lifecycle, DeviceOptions device) {
        this(agent, ops, lifecycle, device, Optional.empty());
    }

    /** With {@link DeviceOptions#defaults()}. */
    public EdgeConfigFile(EdgeConfig agent, OpsSettings ops, Lifecycle lifecycle) {
        this(agent, ops, lifecycle, DeviceOptions.defaults());
    }

    private static EdgeConfigFile read(ConfigNode n) {
        String gateway = n.text("gateway-id", "gateway-1", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "this agent's identity (client ids, batch sender)");
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "a namespace like cascade",
                "topic namespace");
        Optional<MqttSettings> sensors = MqttSection.read(n.object("sensors-mqtt",
                "the local broker the sensors publish windows to"), gateway + "-sensors");
        Optional<ConfigNode> uplinkNode = n.optionalObject("uplink-mqtt",
                "the cloud broker escalations go to (default: the sensors' broker)");
        Optional<MqttSettings> uplinkMqtt = uplinkNode.isPresent()
                ? MqttSection.read(uplinkNode.get(), gateway + "-uplink")
                : sensors.map(s -> s.withClientId(gateway + "-uplink"));
        Map<SensorKind, Path> models = models(n.object("models", "the TFLite model bundle folder per kind of window"));
        Optional<Path> trusted = n.optionalPath("trusted-keys",
                "folder of Ed25519 public keys; when set, unsigned or tampered bundles are refused");
        int workers = (int) n.integer("workers", 1, 1, 64, "inference threads");
        Duration ttl = n.duration("command-ttl", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(1),
                "time-to-live of commands the edge sends itself");
        Duration cooldown = n.duration("action-cooldown", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1),
                "after acting on a device the edge leaves it alone this long");
        ConfigNode u = n.object("uplink", "batching and buffering of escalations");
        int batch = (int) u.integer("batch-size", 1, 1, EscalationBatch.MAX_SIZE, "escalations per message (1: each alone)");
        Duration delay = u.duration("max-batch-delay", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1),
                "the longest an escalation waits for its batch to fill");
        int capacity = (int) u.integer("capacity", 100_000, 1, 10_000_000,
                "no longer used: edge.outbox.capacity bounds what is held while the uplink is down");
        Optional<UplinkOptions> uplinkBase = u.build(() -> new UplinkOptions(batch, delay, capacity));
        UplinkOptions batching = OutboxSection.batching(u, uplinkBase.orElse(null));
        Optional<dev.cascade.edge.uplink.UplinkTransport> transport = UplinkTransportSection.read(u, gateway);
        u.finish();
        Optional<Optional<OutboxOptions>> outbox = OutboxSection.read(n);
        EscalationPolicy d = EscalationPolicy.defaults();
        ConfigNode p = n.object("policy", "when to decide locally and when to escalate");
        double low = p.number("anomaly-low", d.anomalyLow(), 1e-9, 1, "share of the threshold below which a score is surely normal");
        double high = p.number("anomaly-high", d.anomalyHigh(), 1, 1e9, "multiple of the threshold above which a score is surely anomalous");
        double margin = p.number("forecast-margin", d.forecastMargin(), 0, 1e9, "half-width of the uncertain band around a forecast threshold");
        double audit = p.number("audit-rate", d.auditRate(), 0, 1, "share of surely-normal windows escalated anyway");
        boolean act = p.bool("act-locally", d.actLocally(), "whether the edge acts when it is sure");
        double idle = p.number("idle-rms-g", d.idleRmsG(), 0, 1e6, "vibration windows quieter than this (g RMS) are a machine at rest");
        boolean fromModel = p.bool("band-from-model", d.bandFromModel(), "use the uncertainty band the model factory"
                + " measured (the manifest's calibration) for models that carry one; false: anomaly-low/high and"
                + " forecast-margin for every model");
        p.finish();
        IrrigationPolicy id = IrrigationPolicy.defaults();
        ConfigNode i = n.object("irrigation", "how the edge waters a zone it is sure needs water");
        Optional<Double> below = i.optionalText("below-pct", "the site's threshold (forecast moisture, %); default: the model's")
                .flatMap(s -> number(i, "below-pct", s));
        double minutes = i.number("minutes-per-percent", id.minutesPerPercent(), 1e-6, 1e6, "minutes of watering per point of deficit");
        Duration max = i.duration("max-duration", id.maxDuration(), IrrigationPolicy.MIN_DURATION, Duration.ofDays(1),
                "the longest one edge command waters");
        i.finish();
        Freshness fd = Freshness.defaults();
        ConfigNode f = n.object("freshness", "windows too old, too far ahead or already seen are not acted on");
        Duration maxAge = f.duration("max-age", fd.maxAge(), Duration.ofMillis(1), Duration.ofDays(7),
                "a window sent longer ago than this is refused (stale)");
        Duration skew = f.duration("max-future-skew", fd.maxFutureSkew(), Duration.ZERO, Duration.ofDays(1),
                "a window sent further than this in the agent's future is refused (stale)");
        int replay = (int) f.integer("replay-window", fd.replayWindow(), 1, 1 << 20,
                "sequence numbers remembered per device to refuse a repeated one (replayed)");
        f.finish();
        ConfigNode l = n.object("limits", "values a sensor can produce; a window with a sample outside is refused (saturated)");
        ConfigNode lv = l.object("vibration", "vibration windows");
        double maxG = lv.number("max-abs-g", 200, 1e-3, 1e6, "largest acceleration magnitude (g) the accelerometer can report");
        lv.finish();
        ConfigNode ls = l.object("soil", "soil windows (moisture %, temperature deg C, rain mm per step)");
        double mMin = ls.number("moisture-min-pct", 0, -1e6, 1e6, "smallest volumetric moisture (%)");
        double mMax = ls.number("moisture-max-pct", 100, -1e6, 1e6, "largest volumetric moisture (%)");
        double tMin = ls.number("temperature-min-c", -40, -1e6, 1e6, "smallest soil temperature (deg C)");
        double tMax = ls.number("temperature-max-c", 85, -1e6, 1e6, "largest soil temperature (deg C)");
        double rMax = ls.number("rain-max-mm", 500, 0, 1e6, "largest rain per step (mm)");
        ls.finish();
        l.finish();
        Optional<Freshness> freshness = f.build(() -> new Freshness(maxAge, skew, replay));
        Optional<SampleLimits> limits = l.build(() -> new SampleLimits(Map.of(
                SensorKind.VIBRATION, List.of(new SampleLimits.Range(-maxG, maxG, "g")),
                SensorKind.SOIL, List.of(new SampleLimits.Range(mMin, mMax, "%"), new SampleLimits.Range(tMin, tMax, "deg C"),
                        new SampleLimits.Range(0, rMax, "mm")))));
        Optional<DeviceOptions> device = DeviceSection.read(n.object("device",
                "the device side: outputs and interlocks, heartbeat, silent sensors, remote configuration"));
        Optional<Optional<dev.cascade.edge.ota.OtaOptions>> ota = OtaSection.read(n);
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9401);
        Lifecycle lifecycle = Lifecycle.read(n);
        Optional<EscalationPolicy> policy = p.build(() -> new EscalationPolicy(low, high, margin, audit, act, idle, fromModel));
        Optional<UplinkOptions> uplink = u.build(() -> batching == null || transport.isEmpty() ? null
                : batching.withTransport(transport.get()));
        Optional<IrrigationPolicy> irrigation = i.build(() -> new IrrigationPolicy(below, minutes, max));
        Optional<DeviceId> gatewayId = n.build(() -> DeviceId.of(gateway));
        if (sensors.isEmpty() || uplinkMqtt.isEmpty() || policy.isEmpty() || uplink.isEmpty() || irrigation.isEmpty()
                || gatewayId.isEmpty() || models.isEmpty() || freshness.isEmpty() || limits.isEmpty() || device.isEmpty() || outbox.isEmpty()
                || ota.isEmpty()) {
            if (models.isEmpty() && !n.documentingOnly()) {
                n.violation("models", "at least one of " + kinds(), "none");
            }
            return null;
        }
        return n.build(() -> new EdgeConfigFile(new EdgeConfig(gatewayId.get(), sensors.get(), uplinkMqtt.get(),
                new Topics(namespace), models, trusted, policy.get(), uplink.get(), workers, ttl, irrigation.get(),
                cooldown, limits.get(), freshness.get(), outbox.get()), ops, lifecycle, device.get(), ota.get())).orElse(null);
    }

    private static Optional<Double> number(ConfigNode n, String key, String s) {
        try {
            return Optional.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            n.violation(key, "a number", '"' + s + '"');
            return Optional.empty();
        }
    }

    private static Map<SensorKind, Path> models(ConfigNode m) {
        Map<SensorKind, Path> out = new EnumMap<>(SensorKind.class);
        for (SensorKind k : SensorKind.values()) {
            m.optionalPath(k.name().toLowerCase(Locale.ROOT), "bundle folder scoring " + k.name().toLowerCase(Locale.ROOT)
                    + " windows").ifPresent(p -> out.put(k, p));
        }
        m.finish();
        return out;
    }

    private static String kinds() {
        StringBuilder b = new StringBuilder();
        for (SensorKind k : SensorKind.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
