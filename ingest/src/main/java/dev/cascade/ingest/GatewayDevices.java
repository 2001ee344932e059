package dev.cascade.ingest;

import dev.cascade.protocol.window.DeviceId;
import java.util.List;
import java.util.Map;

/**
 * Which devices a gateway may speak for in an escalation batch. The MQTT topic names the gateway (brokers'
 * ACLs let a client publish only under its own id), so ingest trusts the topic and checks each escalation
 * inside the batch: a gateway always speaks for itself, and for the devices whose id starts with one of the
 * prefixes configured for it (the empty prefix: every device). A gateway with no entry speaks only for
 * itself. Immutable.
 *
 * @param prefixes device-id prefixes by gateway
 */
public record GatewayDevices(Map<DeviceId, List<String>> prefixes) {
    /** No gateway speaks for any device but itself. */
    public static final GatewayDevices NONE = new GatewayDevices(Map.of());

    public GatewayDevices {
        if (prefixes == null) {
            throw new IllegalArgumentException("prefixes must not be null (use GatewayDevices.NONE)");
        }
        prefixes.forEach((gateway, list) -> {
            if (gateway == null || list == null || list.isEmpty() || list.stream().anyMatch(p -> p == null)) {
                throw new IllegalArgumentException("prefixes must map each gateway to a non-empty list of prefixes, was "
                        + gateway + " -> " + list);
            }
        });
        java.util.Map<DeviceId, List<String>> copy = new java.util.HashMap<>();
        prefixes.forEach((g, l) -> copy.put(g, List.copyOf(l)));
        prefixes = Map.copyOf(copy);
    }

    /** {@code gateway} speaks for the devices whose id starts with one of {@code devicePrefixes}. */
    public static GatewayDevices of(DeviceId gateway, String... devicePrefixes) {
        return new GatewayDevices(Map.of(gateway, List.of(devicePrefixes)));
    }

    /** Whether {@code gateway} may send escalations of {@code device}. */
    public boolean serves(DeviceId gateway, DeviceId device) {
        if (gateway.equals(device)) {
            return true;
        }
        List<String> list = prefixes.get(gateway);
        if (list == null) {
            return false;
        }
        for (String p : list) {
            if (device.value().startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
