package dev.cascade.sim.config;

import dev.cascade.protocol.command.CommandSignature;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.fleet.DeviceSelector;
import dev.cascade.sim.fleet.FleetEvent;
import dev.cascade.config.ConfigNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole simulator configuration ({@code cascade simulate --config sim.yaml}), read from YAML and
 * validated at once: every problem is reported, each naming its field. {@link #reference()} renders
 * the documentation of every setting from the same definitions.
 *
 * @param namespace topic namespace
 * @param seed seeds every device's physics, the schedules and event picks
 * @param duration how long to run; empty: until stopped
 * @param statusInterval how often a status line is printed
 * @param mqtt the broker
 * @param runner scheduling
 * @param factory the machines
 * @param farm the zones
 * @param replay recordings played as devices
 * @param events faults and outages on a schedule
 * @param trustedKeys Ed25519 public keys by key id that command signatures must verify with; empty: commands are
 *     obeyed unsigned
 */
public record SimConfig(String namespace, long seed, Optional<Duration> duration, Duration statusInterval, MqttConfig mqtt,
                        RunnerConfig runner, FactoryConfig factory, FarmConfig farm, List<ReplayConfig> replay,
                        List<FleetEvent> events, Map<String, PublicKey> trustedKeys) {

    public SimConfig {
        trustedKeys = Map.copyOf(trustedKeys == null ? Map.of() : trustedKeys);
    }

    /** A configuration whose devices obey unsigned commands. */
    public SimConfig(String namespace, long seed, Optional<Duration> duration, Duration statusInterval, MqttConfig mqtt,
                     RunnerConfig runner, FactoryConfig factory, FarmConfig farm, List<ReplayConfig> replay,
                     List<FleetEvent> events) {
        this(namespace, seed, duration, statusInterval, mqtt, runner, factory, farm, replay, events, Map.of());
    }

    /** The verifier of command signatures, when keys are trusted. */
    public Optional<CommandSignature.Verifier> verifier() {
        return trustedKeys.isEmpty() ? Optional.empty() : Optional.of(new CommandSignature.Verifier(trustedKeys));
    }

    /** Topics of the configured namespace. */
    public Topics topics() {
        return new Topics(namespace);
    }

    /** Total devices configured. */
    public int devices() {
        return factory.machines() + farm.zones() + replay.size();
    }

    /** Reads and validates a YAML file; replay files are resolved against its folder. */
    public static SimConfig load(Path file) throws IOException, ConfigException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /** Reads and validates YAML text; relative replay files are resolved against {@code base}. */
    public static SimConfig parse(String yaml, Path base) throws ConfigException {
        JsonNode tree;
        try {
            tree = yaml.isBlank() ? null : new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(List.of("configuration must be valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        List<String> violations = new ArrayList<>();
        SimConfig c = read(ConfigNode.root(tree, violations, null), base, false);
        if (c.devices() == 0 && violations.isEmpty()) {
            violations.add("factory.machines, farm.zones and replay must configure at least one device, was 0");
        }
        if (!violations.isEmpty()) {
            throw new ConfigException(violations);
        }
        return c;
    }

    /** Every setting with its type, default and meaning, as a Markdown table. */
    public static String reference() {
        List<ConfigNode.Setting> settings = new ArrayList<>();
        read(ConfigNode.root(null, new ArrayList<>(), settings), Path.of("."), true);
        StringBuilder md = new StringBuilder("| setting | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigNode.Setting s : settings) {
            md.append("| `").append(s.path()).append("` | ").append(cell(s.type())).append(" | ")
                    .append(s.defaultValue().isEmpty() ? "" : "`" + cell(s.defaultValue()) + "`").append(" | ")
                    .append(cell(s.doc())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static SimConfig read(ConfigNode n, Path base, boolean documenting) {
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "topic namespace ({ns}/v1/{device}/{channel})");
        long seed = n.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, "seeds physics, schedules and event picks");
        Optional<Duration> duration = n.optionalDuration("duration", Duration.ofSeconds(1), Duration.ofDays(365),
                "how long to run (default: until Ctrl-C)");
        Duration status = n.duration("statusInterval", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofHours(1),
                "how often the status line is printed");
        MqttConfig mqtt = MqttConfig.read(n.object("mqtt", "the broker"), base);
        RunnerConfig runner = RunnerConfig.read(n.object("runner", "how devices are scheduled"));
        FactoryConfig factory = FactoryConfig.read(n.object("factory", "rotating machines with accelerometers and stop relays"));
        FarmConfig farm = FarmConfig.read(n.object("farm", "irrigated zones with soil probes and valves"));
        List<ReplayConfig> replay = new ArrayList<>();
        for (ConfigNode r : n.list("replay", "recordings played as devices")) {
            replay.add(ReplayConfig.read(r, base, documenting));
        }
        List<FleetEvent> events = new ArrayList<>();
        for (ConfigNode e : n.list("events", "faults and outages on a schedule")) {
            readEvent(e, documenting).ifPresent(events::add);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, String> k : n.map("trustedKeys", "key id -> PEM file of an Ed25519 public key; when set,"
                + " devices refuse commands not signed by one of them (REJECTED, rule signature)").entrySet()) {
            if (!k.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
                n.violation("trustedKeys." + k.getKey(), "named by a key id of 1-64 characters of [A-Za-z0-9._-]", k.getKey());
                continue;
            }
            Path file = base.resolve(k.getValue());
            try {
                keys.put(k.getKey(), CommandSignature.readPublicKey(file));
            } catch (IllegalArgumentException e) {
                n.violation("trustedKeys." + k.getKey(), "a readable PEM Ed25519 public key file", '"' + file.toString() + '"');
            }
        }
        n.finish();
        return new SimConfig(namespace, seed, duration, status, mqtt, runner, factory, farm, replay, events, keys);
    }

    private static Optional<FleetEvent> readEvent(ConfigNode n, boolean documenting) {
        Duration at = n.duration("at", Duration.ZERO, Duration.ZERO, Duration.ofDays(365), "when, after the start");
        ConfigNode d = n.object("devices", "which devices");
        String prefix = d.text("prefix", "", "[A-Za-z0-9._-]{0,64}", "ids starting with this (default: all)");
        double share = d.number("share", 1, 1e-9, 1, "seeded random share of those");
        d.finish();
        Optional<ConfigNode> fault = n.optionalObject("fault", "a fault starts in the picked machines");
        Optional<Duration> dropout = n.optionalDuration("dropout", Duration.ofMillis(1), Duration.ofDays(365),
                "the picked devices go silent this long");
        Optional<Fault> f = Optional.empty();
        if (fault.isPresent()) {
            ConfigNode fn = fault.get();
            FaultType type = fn.choice("type", FaultType.class, FaultType.BEARING_OUTER, "what is wrong");
            double severity = fn.number("severity", 0.1, 1e-6, 1, "severity at injection, (0, 1]");
            double growth = fn.number("growthPerHour", 0, 0, 1e6, "severity added per hour of machine time");
            fn.finish();
            f = fn.build(() -> new Fault(type, severity, growth));
        }
        n.finish();
        if (documenting) {
            return Optional.empty();
        }
        Optional<DeviceSelector> selector = d.build(() -> new DeviceSelector(prefix, share));
        if (f.isPresent() == dropout.isPresent()) {
            n.violation("fault", "set, or dropout set, but not both", f.isPresent() ? "both" : "neither");
            return Optional.empty();
        }
        if (selector.isEmpty()) {
            return Optional.empty();
        }
        Optional<Fault> ff = f;
        return f.isPresent()
                ? n.build(() -> new FleetEvent.InjectFault(at, selector.get(), ff.get()))
                : n.build(() -> new FleetEvent.Dropout(at, selector.get(), dropout.get()));
    }
}
