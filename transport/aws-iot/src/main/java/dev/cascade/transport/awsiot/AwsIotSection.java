package dev.cascade.transport.awsiot;

import dev.cascade.config.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The {@code aws-iot:} keys of the edge's uplink (AWS IoT Core through the AWS IoT Device SDK), read into {@link AwsIotSettings}. */
public final class AwsIotSection {
    private AwsIotSection() {}

    /** Reads one section; {@code defaultClientId} is used when it names none. Empty (violations recorded) when unusable. */
    public static Optional<AwsIotSettings> read(ConfigNode n, String defaultClientId) {
        String host = n.text("host", "127.0.0.1", "[A-Za-z0-9.-]{1,253}", "a host name or address",
                "the endpoint (AWS IoT Core: <prefix>-ats.iot.<region>.amazonaws.com)");
        int port = (int) n.integer("port", 8883, 1, 65535, "the endpoint's MQTT port");
        String clientId = n.text("client-id", defaultClientId, "[A-Za-z0-9._:-]{1,128}", "1-128 characters of [A-Za-z0-9._:-]",
                "client id (AWS IoT Core: the thing name the policy allows)");
        Path cert = n.path("cert-file", Path.of("device.pem"), "PEM device certificate; " + AwsIotSettings.CLIENT_ID
                + " in the path stands for each connection's client id (a certificate per connection, for brokers that"
                + " bind client ids to certificates)");
        Path key = n.path("key-file", Path.of("device-key.pem"), "PEM private key of the device certificate (the same "
                + AwsIotSettings.CLIENT_ID + " placeholder)");
        Optional<Path> ca = n.optionalPath("ca-file", "PEM CA to trust (default: the system trust store)");
        Duration expiry = n.duration("session-expiry", Duration.ofDays(1), Duration.ZERO, Duration.ofDays(7),
                "how long the broker keeps the session (and QoS 1 commands) while the device is offline");
        Duration min = n.duration("reconnect-min", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(10),
                "first reconnect delay (doubled each attempt, full jitter)");
        Duration max = n.duration("reconnect-max", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1),
                "longest reconnect delay");
        Duration connectTimeout = n.duration("connect-timeout", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofMinutes(10), "how long the first connection may take");
        boolean limits = n.bool("aws-iot-core-limits", true,
                "apply AWS IoT Core's client-side throughput limits (turn off for a local broker)");
        n.finish();
        if (!n.documentingOnly()) {
            // With a placeholder: the files of the configured client id (the links add suffixes to it).
            pem(n, "cert-file", Path.of(cert.toString().replace(AwsIotSettings.CLIENT_ID, clientId)), "CERTIFICATE");
            pem(n, "key-file", Path.of(key.toString().replace(AwsIotSettings.CLIENT_ID, clientId)), "PRIVATE KEY");
            ca.ifPresent(f -> pem(n, "ca-file", f, "CERTIFICATE"));
        }
        if (min.compareTo(max) > 0) {
            n.violation("reconnect-min", "<= reconnect-max (" + ConfigNode.show(max) + ")", ConfigNode.show(min));
        }
        return n.build(() -> new AwsIotSettings(host, port, clientId, cert, key, ca, expiry, min, max, connectTimeout, limits));
    }

    /** Records a violation of {@code key} unless {@code file} is readable and holds a PEM block of {@code type}. */
    private static void pem(ConfigNode n, String key, Path file, String type) {
        String rule = "a readable PEM file with a " + type + " block";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            n.violation(key, rule, '"' + file.toString() + "\" (no such file)");
            return;
        } catch (IOException | RuntimeException e) {
            n.violation(key, rule, '"' + file.toString() + "\" (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (!text.contains("-----BEGIN " + type + "-----") && !(type.equals("PRIVATE KEY") && text.contains(" PRIVATE KEY-----"))) {
            n.violation(key, rule, '"' + file.toString() + "\" (no BEGIN " + type + " block)");
        }
    }
}
