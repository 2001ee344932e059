package dev.cascade.edge.config;

import dev.cascade.config.ConfigNode;
import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.actuate.ActuateOptions;
import dev.cascade.edge.actuate.FailSafe;
import dev.cascade.edge.actuate.OutputKind;
import dev.cascade.edge.actuate.OutputSpec;
import dev.cascade.edge.actuate.OutputType;
import dev.cascade.edge.actuate.CommandAuthority;
import dev.cascade.protocol.window.DeviceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code edge.device}: outputs and interlocks, heartbeat, silent sensors, remote configuration, state folder. */
final class DeviceSection {
    private DeviceSection() {}

    static Optional<DeviceOptions> read(ConfigNode n) {
        DeviceOptions d = DeviceOptions.defaults();
        ActuateOptions a = d.actuate();
        Optional<Path> state = n.optionalPath("state-dir",
                "where the agent keeps executed command ids and the remote configuration across restarts (default: in memory)");
        Duration heartbeat = n.duration("heartbeat-interval", d.heartbeatInterval(), Duration.ZERO, Duration.ofDays(1),
                "how often a heartbeat goes up on the telemetry channel (0: never)");
        Duration silent = n.duration("sensor-silent-after", d.sensorSilentAfter(), Duration.ofSeconds(1), Duration.ofDays(7),
                "a sensor that sent windows and then none for this long is reported silent (sensor_silent)");
        boolean remote = n.bool("remote-config", d.remoteConfig(),
                "whether the agent takes remote configurations from its retained {ns}/v1/{gateway-id}/config topic");
        OutputType def = n.choice("default-output", OutputType.class, a.defaultType(),
                "the output of devices not listed under outputs (forward: publish on the sensors' broker, as the simulators"
                        + " expect; log)");
        Duration maxOpen = n.duration("max-valve-open", a.maxValveOpen(), Duration.ofSeconds(1), Duration.ofDays(1),
                "valves: the longest one stays open in one go; the agent closes it itself (rule max_open_time)");
        Duration minInterval = n.duration("min-start-stop-interval", a.minStartStopInterval(), Duration.ZERO,
                Duration.ofDays(1), "machines: the shortest time from a stop to the next start (rule min_start_stop_interval)");
        Duration failSafe = n.duration("fail-safe-after", a.failSafeAfter(), Duration.ZERO, Duration.ofDays(7),
                "outputs go to their fail-safe state once the cloud link is down this long (0: never; rule fail_safe)");
        int remember = (int) n.integer("remember-commands", a.rememberCommands(), 16, 1_000_000,
                "executed command ids remembered to refuse a repeat (rule duplicate)");
        List<OutputSpec> outputs = new ArrayList<>();
        for (ConfigNode o : n.list("outputs", "devices with an output of their own (commands for them are taken from the"
                + " cloud broker's {ns}/v1/{device}/commands topic)")) {
            String device = o.text("device", null, "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                    "the device the commands address");
            OutputKind kind = o.choice("kind", OutputKind.class, OutputKind.VALVE, "what it drives (valve, machine)");
            OutputType type = o.choice("type", OutputType.class, OutputType.LOG, "how it is driven (gpio, log, forward)");
            int pin = (int) o.integer("pin", -1, -1, 63, "the BCM GPIO pin (gpio only)");
            boolean high = o.bool("active-high", true, "whether a high level energises the relay (gpio only)");
            FailSafe fs = o.choice("fail-safe", FailSafe.class, null,
                    "safe (valve closed, machine stopped) or keep; default: safe for valves, keep for machines");
            o.finish();
            o.build(() -> new OutputSpec(DeviceId.of(device), kind, type, pin, high, fs == null ? FailSafe.defaultFor(kind) : fs))
                    .ifPresent(outputs::add);
        }
        java.util.Map<String, java.security.PublicKey> keys = new java.util.LinkedHashMap<>();
        for (ConfigNode k : n.list("command-keys", "the actuators bridge's Ed25519 public keys: when any is listed, a"
                + " cloud command for a driven output must be signed by one of them (else REJECTED, rule authority)")) {
            String id = k.text("id", null, "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                    "the key id the bridge signs with (actuate.signing.key-id)");
            Optional<Path> file = k.optionalPath("public-key-file", "PEM file of the Ed25519 public key");
            k.finish();
            if (id != null && file.isPresent()) {
                try {
                    keys.put(id, dev.cascade.protocol.command.CommandSignature.readPublicKey(file.get()));
                } catch (IllegalArgumentException e) {
                    k.violation("public-key-file", "a readable PEM Ed25519 public key file", '"' + file.get().toString() + '"');
                }
            } else if (id != null && !n.documentingOnly()) {
                k.violation("public-key-file", "set", "(none)");
            }
        }
        CommandAuthority authority = keys.isEmpty() ? CommandAuthority.ACCEPT_ALL
                : CommandAuthority.signedBy(new dev.cascade.protocol.command.CommandSignature.Verifier(keys));
        n.finish();
        return n.build(() -> new ActuateOptions(outputs, def, maxOpen, minInterval, failSafe, remember))
                .flatMap(act -> n.build(() -> new DeviceOptions(act, heartbeat, silent, state, remote, authority)));
    }
}
