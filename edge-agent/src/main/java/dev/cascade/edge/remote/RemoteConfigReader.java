package dev.cascade.edge.remote;

import dev.cascade.config.ConfigException;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.edge.decide.EscalationPolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a remote configuration message with the config module: the same keys as the edge file's {@code edge.policy}
 * and {@code edge.irrigation.below-pct}, under {@code edge:}, plus a required {@code version}; a key left out keeps
 * the value the agent started with. YAML or JSON. Every wrong key is named ({@code edge.policy.anomaly-low must be
 * ..., was ...}). Stateless and thread-safe.
 */
public final class RemoteConfigReader {
    private final RemoteSettings base;

    /** {@code base}: the values the agent's own file gave (what a left-out key keeps). */
    public RemoteConfigReader(RemoteSettings base) {
        this.base = base;
    }

    /** The settings {@code text} asks for; throws with every violation when it is invalid. */
    public RemoteSettings read(String text) throws ConfigException {
        return new ConfigLoader<>("edge", "a remote configuration of the edge agent", this::read)
                .parse(text, Path.of(""), Map.of()).value();
    }

    private RemoteSettings read(ConfigNode n) {
        String version = n.text("version", null, "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "the sender's name for this configuration (reported in the heartbeat)");
        EscalationPolicy d = base.policy();
        ConfigNode p = n.object("policy", "when to decide locally and when to escalate");
        double low = p.number("anomaly-low", d.anomalyLow(), 1e-9, 1, "share of the threshold below which a score is surely normal");
        double high = p.number("anomaly-high", d.anomalyHigh(), 1, 1e9, "multiple of the threshold above which a score is surely anomalous");
        double margin = p.number("forecast-margin", d.forecastMargin(), 0, 1e9, "half-width of the uncertain band around a forecast threshold");
        double audit = p.number("audit-rate", d.auditRate(), 0, 1, "share of surely-normal windows escalated anyway");
        boolean act = p.bool("act-locally", d.actLocally(), "whether the edge acts when it is sure");
        double idle = p.number("idle-rms-g", d.idleRmsG(), 0, 1e6, "vibration windows quieter than this (g RMS) are a machine at rest");
        boolean fromModel = p.bool("band-from-model", d.bandFromModel(), "use the band the model factory measured");
        p.finish();
        ConfigNode i = n.object("irrigation", "the site's irrigation threshold");
        Optional<Double> below = base.irrigationBelowPct();
        if (i.present()) {
            double b = i.number("below-pct", below.orElse(50.0), 1e-6, 99.999999,
                    "the site's threshold (forecast moisture, %)");
            below = Optional.of(b);
        }
        i.finish();
        Optional<EscalationPolicy> policy = p.build(() -> new EscalationPolicy(low, high, margin, audit, act, idle, fromModel));
        Optional<Double> belowPct = below;
        return policy.flatMap(pol -> n.build(() -> new RemoteSettings(version, pol, belowPct))).orElse(null);
    }
}
