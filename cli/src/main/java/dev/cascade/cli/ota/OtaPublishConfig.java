package dev.cascade.cli.ota;

import dev.cascade.config.ConfigLoader;
import dev.cascade.transport.mqtt.MqttSection;
import dev.cascade.transport.mqtt.MqttSettings;

/**
 * The file {@code cascade ota publish --config} reads: an {@code ota:} section whose {@code mqtt:} block is the roles'
 * own broker section (uri, client-id, credentials, and {@code tls:} with ca-file, cert-file, key-file for mutual TLS).
 * Under the broker ACL the publisher must connect as a {@code models} identity of the fleet list.
 */
final class OtaPublishConfig {
    /** The loader; the client id defaults to {@code models-1}, the models identity of the secured local layout. */
    static final ConfigLoader<MqttSettings> LOADER = new ConfigLoader<>("ota",
            "the over-the-air model publisher (cascade ota publish)",
            n -> MqttSection.read(n.object("mqtt", "the cloud broker the gateways take updates from"), "models-1")
                    .orElse(null));

    private OtaPublishConfig() {}
}
