package dev.cascade.security.acl;

import dev.cascade.checks.Checks;
import dev.cascade.security.pki.DevCertificateAuthority;
import java.util.List;
import java.util.Optional;

/**
 * One broker identity of a fleet (the CN of its certificate, its MQTT user name).
 *
 * @param name the identity; also the client id, or the prefix of client ids {@code name-...}, it may use
 * @param kind what it is
 * @param serves for a gateway: the devices it speaks for ({@code *}: every device); empty for the others
 * @param group for ingest and actuators: the shared-subscription group only it may join
 * @param connections suffixes of its connections that present their own certificate, CN {@code name-suffix} (for a
 *     broker that forces the client id to the CN, mosquitto's {@code use_username_as_clientid}): each is this identity
 *     under another name
 */
public record Principal(String name, Kind kind, List<String> serves, Optional<String> group, List<String> connections) {
    /** Stands for every device in {@link #serves}. */
    public static final String EVERY_DEVICE = "*";

    public Principal {
        Checks.check(name != null && DevCertificateAuthority.NAME.matcher(name).matches(), "name",
                "1-64 characters of [A-Za-z0-9._-] starting with a letter or digit", name);
        Checks.notNull(kind, "kind");
        serves = Checks.immutable(serves, "serves");
        Checks.notNull(group, "group");
        Checks.check(kind == Kind.GATEWAY || serves.isEmpty(), "serves", "empty for a " + kind.word(), serves);
        for (String d : serves) {
            Checks.check(EVERY_DEVICE.equals(d) || DevCertificateAuthority.NAME.matcher(d).matches(), "serves",
                    "device ids of [A-Za-z0-9._-] or *", d);
        }
        boolean grouped = kind == Kind.INGEST || kind == Kind.ACTUATORS;
        Checks.check(grouped || group.isEmpty(), "group", "empty for a " + kind.word(), group.orElse(""));
        group.ifPresent(g -> Checks.check(g.matches("[A-Za-z0-9_-]{1,64}"), "group", "1-64 characters of [A-Za-z0-9_-]", g));
        connections = Checks.immutable(connections, "connections");
        for (String c : connections) {
            Checks.check(c != null && c.matches("[A-Za-z0-9._-]{1,63}") && DevCertificateAuthority.NAME.matcher(name + "-" + c)
                    .matches(), "connections", "suffixes of [A-Za-z0-9._-] that keep name-suffix within 64 characters", c);
        }
        Checks.check(connections.stream().distinct().count() == connections.size(), "connections", "unique", connections);
    }

    /** Without connections of their own certificate. */
    public Principal(String name, Kind kind, List<String> serves, Optional<String> group) {
        this(name, kind, serves, group, List.of());
    }

    /** This identity with its connections {@code suffixes}, each presenting a certificate with CN {@code name-suffix}. */
    public Principal withConnections(List<String> suffixes) {
        return new Principal(name, kind, serves, group, suffixes);
    }

    /** Every name this identity connects under: its own, then {@code name-suffix} for each connection. */
    public List<String> names() {
        List<String> out = new java.util.ArrayList<>();
        out.add(name);
        connections.forEach(c -> out.add(name + "-" + c));
        return List.copyOf(out);
    }

    /** A device that speaks for itself. */
    public static Principal device(String name) {
        return new Principal(name, Kind.DEVICE, List.of(), Optional.empty());
    }

    /** A gateway speaking for {@code serves} ({@code *}: every device). */
    public static Principal gateway(String name, List<String> serves) {
        return new Principal(name, Kind.GATEWAY, serves, Optional.empty());
    }

    /** The ingest role reading through shared-subscription {@code group}. */
    public static Principal ingest(String name, String group) {
        return new Principal(name, Kind.INGEST, List.of(), Optional.of(group));
    }

    /** The actuators role reading acks through shared-subscription {@code group}. */
    public static Principal actuators(String name, String group) {
        return new Principal(name, Kind.ACTUATORS, List.of(), Optional.of(group));
    }

    /** A read-only operator identity that may subscribe to everything. */
    public static Principal admin(String name) {
        return new Principal(name, Kind.ADMIN, List.of(), Optional.empty());
    }

    /** Whether this gateway speaks for every device. */
    public boolean servesEveryDevice() {
        return serves.contains(EVERY_DEVICE);
    }
}
