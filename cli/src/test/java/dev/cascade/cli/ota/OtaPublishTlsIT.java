package dev.cascade.cli.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.bundle.BundleArchive;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.ota.OtaAnnouncement;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.process.MosquittoProcess;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.tls.PemTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cascade ota publish --config} against mosquitto with mutual TLS and the fleet ACL: the models identity
 * announces to a gateway; a device identity is refused by the broker.
 */
@Timeout(90)
class OtaPublishTlsIT {
    private static final Fleet FLEET = FleetFile.parse("""
            namespace cascade
            device press-0
            gateway gw-ota serves=press-0
            models models-1
            """, "ota-publish-it");

    @TempDir
    static Path dir;
    static Path pki;
    static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() throws Exception {
        pki = dir.resolve("pki");
        FleetCertificates.write(FLEET, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        mosquitto = MosquittoProcess.startTls(dir.resolve("mosquitto"), 0, false, MosquittoProcess.Tls.of(pki));
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private static Path config(String identity) throws Exception {
        Path f = dir.resolve(identity + ".yaml");
        Files.writeString(f, """
                ota:
                  mqtt:
                    uri: %s
                    client-id: %s
                    tls: {ca-file: %s, cert-file: %s, key-file: %s}
                """.formatted(mosquitto.serverUri(), identity, pki.resolve("ca.pem"),
                pki.resolve("clients/" + identity + ".pem"), pki.resolve("clients/" + identity + "-key.pem")));
        return f;
    }

    private static OtaPublishCommand publish(String identity) throws Exception {
        OtaPublishCommand c = new OtaPublishCommand();
        c.bundle = TestModels.latest("vibration-anomaly-edge");
        c.config = config(identity);
        c.gateways = List.of("gw-ota");
        c.namespace = "cascade";
        c.clientId = "unused";
        c.duration = Duration.ofMillis(500);
        c.withdraw = false;
        return c;
    }

    private static MqttSettings gateway() {
        return new MqttSettings(mosquitto.serverUri(), "gw-ota", true, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 10, false, Optional.empty(), Optional.empty(), Optional.of(PemTls.socketFactory(
                        pki.resolve("ca.pem"), Optional.of(pki.resolve("clients/gw-ota.pem")),
                        Optional.of(pki.resolve("clients/gw-ota-key.pem")))));
    }

    @Test
    void publish_asTheModelsIdentity_overMutualTls_reachesTheGatewaysAnnounceTopic() throws Exception {
        OtaPublishCommand c = publish("models-1");
        assertThat(c.settings().clientId()).isEqualTo("models-1");
        assertThat(c.settings().tls()).isPresent();

        assertThat(c.call()).as("no gateway answers within 0.5 s: exit 1").isEqualTo(1);

        LinkedBlockingQueue<byte[]> announced = new LinkedBlockingQueue<>();
        try (MqttConnection gw = MqttConnection.open(gateway())) {
            gw.subscribe("cascade/v1/gw-ota/ota-announce", 1, (topic, payload, d) -> announced.add(payload));
            byte[] got = announced.poll(30, TimeUnit.SECONDS);
            assertThat(got).as("the retained announcement").isNotNull();
            OtaAnnouncement a = Codecs.otaAnnouncement().decode(got).value().orElseThrow();
            assertThat(a.model().name()).isEqualTo("vibration-anomaly-edge");
            assertThat(a.size()).isEqualTo(BundleArchive.pack(c.bundle).length);
        }
    }

    @Test
    void publish_asADeviceIdentity_isRefusedByTheBrokersAcl() throws Exception {
        OtaPublishCommand c = publish("press-0");

        // Under the dynamic-security plugin (the layouts' default) the broker already refuses the device the
        // subscription to the gateways' requests, before any publish; under acl_file it is the announcement's publish.
        assertThatThrownBy(c::call).isInstanceOf(RuntimeException.class)
                .hasMessageMatching("(?s).*broker refused (the publish to cascade/v1/gw-ota/ota-announce|subscription to "
                        + "cascade/v1/\\+/ota-requests) \\(reason code 0x87\\).*");
    }
}
