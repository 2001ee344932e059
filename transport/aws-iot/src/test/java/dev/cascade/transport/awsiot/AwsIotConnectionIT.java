package dev.cascade.transport.awsiot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.testkit.process.MosquittoProcess;
import dev.cascade.testkit.security.RawMqttClient;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttLink;
import dev.cascade.transport.mqtt.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The AWS IoT Device SDK link against Debian's mosquitto with mutual TLS and the generated ACLs. */
@Timeout(120)
class AwsIotConnectionIT {
    @TempDir
    static Path dir;
    static Path pki;
    static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() {
        pki = dir.resolve("pki");
        FleetCertificates.write(FleetFile.parse("""
                gateway gateway-1 serves=press-0 connections=uplink,refused,commands,restart
                ingest ingest-1 group=ingest
                actuators actuators-1 group=actuators
                """, "aws-it"), pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        mosquitto = MosquittoProcess.startTls(dir.resolve("mosquitto"), 0, false, MosquittoProcess.Tls.of(pki));
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private static AwsIotSettings settings(String clientId) {
        // mosquitto forces the client id to the certificate's CN: each connection has its own (CN = its client id)
        return AwsIotSettings.of("127.0.0.1", mosquitto.port(), clientId, pki.resolve("clients/" + clientId + ".pem"),
                pki.resolve("clients/" + clientId + "-key.pem"), Optional.of(pki.resolve("ca.pem")))
                .withoutAwsIotCoreLimits().withReconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private static RawMqttClient as(String identity) throws Exception {
        return RawMqttClient.connect(mosquitto.serverUri(), identity, RawMqttClient.tls(pki.resolve("ca.pem"), pki, identity),
                Optional.empty(), Optional.empty(), false);
    }

    private static MqttConnection.Route collect(String filter, BlockingQueue<String> into) {
        return new MqttConnection.Route(filter, 1, (t, p, d) -> into.add(t + " " + new String(p, StandardCharsets.UTF_8)));
    }

    @Test
    void link_publishesWithAcknowledgement_andReceivesItsCommands() throws Exception {
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        try (RawMqttClient ingest = as("ingest-1");
             RawMqttClient actuators = as("actuators-1");
             MqttLink link = AwsIotConnection.open(settings("gateway-1-uplink"),
                     List.of(collect("cascade/v1/gateway-1/commands", commands)))) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);

            link.publish("cascade/v1/press-0/escalations", "e1".getBytes(StandardCharsets.UTF_8), 1,
                    PublishOptions.contentType("application/cbor")).get(10, TimeUnit.SECONDS);
            assertThat(actuators.publish("cascade/v1/gateway-1/commands", "stop")).isLessThan(0x80);

            assertThat(ingest.next()).contains("cascade/v1/press-0/escalations e1");
            assertThat(commands.poll(10, TimeUnit.SECONDS)).isEqualTo("cascade/v1/gateway-1/commands stop");
            assertThat(link.connected()).isTrue();
            assertThat(link.clientId()).isEqualTo("gateway-1-uplink");
        }
    }

    @Test
    void link_publishTheAclRefuses_failsItsFuture() throws Exception {
        try (MqttLink link = AwsIotConnection.open(settings("gateway-1-refused"))) {
            var f = link.publish("cascade/v1/press-1/escalations", new byte[] {1}, 1, PublishOptions.NONE);
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("broker refused the publish to cascade/v1/press-1/escalations (reason code 0x87)");
        }
    }

    @Test
    void commandsSentWhileTheDeviceWasOffline_arriveWhenItComesBack() throws Exception {
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        MqttConnection.Route route = collect("cascade/v1/press-0/commands", commands);
        try (AwsIotConnection first = AwsIotConnection.open(settings("gateway-1-commands"), List.of(route))) {
            assertThat(first.connected()).isTrue();
        }
        try (RawMqttClient actuators = as("actuators-1")) {
            assertThat(actuators.publish("cascade/v1/press-0/commands", "open while offline")).isLessThan(0x80);
        }
        try (AwsIotConnection again = AwsIotConnection.open(settings("gateway-1-commands"), List.of(route))) {
            assertThat(commands.poll(10, TimeUnit.SECONDS)).isEqualTo("cascade/v1/press-0/commands open while offline");
        }
    }

    @Test
    void link_reconnectsByItself_afterTheBrokerRestarts() throws Exception {
        try (AwsIotConnection link = AwsIotConnection.open(settings("gateway-1-restart"))) {
            mosquitto.stop();
            mosquitto.start();
            link.publish("cascade/v1/gateway-1/telemetry", "after".getBytes(StandardCharsets.UTF_8), 1, PublishOptions.NONE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(link.connections()).isGreaterThanOrEqualTo(2);
        }
    }
}
