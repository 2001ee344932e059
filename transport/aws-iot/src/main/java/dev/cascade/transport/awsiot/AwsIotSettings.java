package dev.cascade.transport.awsiot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach AWS IoT Core (or any MQTT 5 broker with mutual TLS) through the AWS IoT Device SDK.
 *
 * @param host the endpoint host, e.g. {@code abc123-ats.iot.eu-west-1.amazonaws.com} or {@code 127.0.0.1}
 * @param port 8883 for AWS IoT Core
 * @param clientId the client id (for AWS IoT Core: the thing name, as the policy expects)
 * @param certFile the device's PEM certificate; {@value #CLIENT_ID} in the path stands for the client id, so each
 *        connection (a link with a client-id suffix) presents its own certificate where the broker binds client ids
 *        to certificates (mosquitto's {@code use_username_as_clientid}); AWS IoT Core needs none of this
 * @param keyFile its PEM private key (the same placeholder)
 * @param caFile the CA to trust (empty: the system's trust store, enough for AWS IoT Core's ATS endpoint)
 * @param sessionExpiry how long the broker keeps the session while the device is offline (QoS 1 commands queue)
 * @param minReconnectDelay the first reconnect delay; doubled up to {@code maxReconnectDelay}, with full jitter
 * @param maxReconnectDelay the longest reconnect delay
 * @param connectTimeout how long the first connection may take
 * @param awsIotCoreLimits whether to apply AWS IoT Core's client-side throughput limits (off for local brokers)
 */
public record AwsIotSettings(String host, int port, String clientId, Path certFile, Path keyFile, Optional<Path> caFile,
                             Duration sessionExpiry, Duration minReconnectDelay, Duration maxReconnectDelay,
                             Duration connectTimeout, boolean awsIotCoreLimits) {
    /** The placeholder for the client id in {@code certFile} and {@code keyFile}. */
    public static final String CLIENT_ID = "{client-id}";

    public AwsIotSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank, was " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
        }
        if (clientId == null || !clientId.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException("clientId must be 1-128 characters of [A-Za-z0-9._:-], was " + clientId);
        }
        if (certFile == null || keyFile == null || caFile == null) {
            throw new IllegalArgumentException("certFile, keyFile and caFile must not be null (caFile: Optional.empty())");
        }
        for (Duration d : new Duration[] {sessionExpiry, minReconnectDelay, maxReconnectDelay, connectTimeout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must be >= 0, was " + d);
            }
        }
        if (minReconnectDelay.compareTo(maxReconnectDelay) > 0) {
            throw new IllegalArgumentException("minReconnectDelay must be <= maxReconnectDelay (" + maxReconnectDelay
                    + "), was " + minReconnectDelay);
        }
    }

    /** A persistent session of a day, reconnects from 1 s to 30 s with full jitter, AWS IoT Core's limits on. */
    public static AwsIotSettings of(String host, int port, String clientId, Path certFile, Path keyFile, Optional<Path> caFile) {
        return new AwsIotSettings(host, port, clientId, certFile, keyFile, caFile, Duration.ofDays(1), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(30), true);
    }

    /** The same without AWS IoT Core's client-side throughput limits (for a local broker). */
    public AwsIotSettings withoutAwsIotCoreLimits() {
        return new AwsIotSettings(host, port, clientId, certFile, keyFile, caFile, sessionExpiry, minReconnectDelay,
                maxReconnectDelay, connectTimeout, false);
    }

    /** The same with client id {@code id} (a second connection of the same device). */
    /** The certificate this connection presents: {@code certFile} with {@value #CLIENT_ID} replaced by the client id. */
    public Path clientCertFile() {
        return forClient(certFile);
    }

    /** The private key of {@link #clientCertFile()}. */
    public Path clientKeyFile() {
        return forClient(keyFile);
    }

    private Path forClient(Path p) {
        String s = p.toString();
        return s.contains(CLIENT_ID) ? Path.of(s.replace(CLIENT_ID, clientId)) : p;
    }

    public AwsIotSettings withClientId(String id) {
        return new AwsIotSettings(host, port, id, certFile, keyFile, caFile, sessionExpiry, minReconnectDelay,
                maxReconnectDelay, connectTimeout, awsIotCoreLimits);
    }

    /** The same with reconnect delays from {@code min} to {@code max}. */
    public AwsIotSettings withReconnectDelays(Duration min, Duration max) {
        return new AwsIotSettings(host, port, clientId, certFile, keyFile, caFile, sessionExpiry, min, max, connectTimeout,
                awsIotCoreLimits);
    }
}
