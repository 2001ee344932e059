package dev.cascade.testkit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.testkit.process.MosquittoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's mosquitto as the layouts run it: the dynamic-security plugin configured from the fleet list on its only
 * listener, mutual TLS with use_identity_as_username (the acl_file's behaviour: MosquittoClusterAclIT,
 * MosquittoSharedGroupAclIT).
 */
@Timeout(120)
class MosquittoSecurityIT extends BrokerSecurityContract {
    @TempDir
    static Path dir;
    static Path pki;
    static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() throws Exception {
        pki = makePki(dir);
        mosquitto = MosquittoProcess.startTls(dir.resolve("mosquitto"), 0, false, MosquittoProcess.Tls.of(pki));
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Override
    String uri() {
        return mosquitto.serverUri();
    }

    @Override
    boolean refusesSubscriptions() {
        return true;
    }

    @Override
    Path pki() {
        return pki;
    }

    @Test
    void config_hasOnlyTheTlsListener_withoutAnonymousClients() throws Exception {
        String conf = Files.readString(dir.resolve("mosquitto/mosquitto.conf"));
        assertThat(conf).contains("require_certificate true", "use_identity_as_username true", "allow_anonymous false",
                "\nplugin " + dev.cascade.testkit.process.DynsecPlugin.find() + "\n",
                "\nplugin_opt_config_file " + dir.resolve("mosquitto/dynamic-security.json").toAbsolutePath() + "\n")
                .doesNotContain("\nacl_file");
        assertThat(dir.resolve("mosquitto/dynamic-security.json")).as("the plugin's writable copy")
                .hasSameTextualContentAs(pki.resolve("mosquitto/dynamic-security.json"));
        assertThat(conf.lines().filter(l -> l.startsWith("listener ")).count()).isEqualTo(1);
        assertThat(mosquitto.serverUri()).startsWith("ssl://127.0.0.1:");
    }

    @Test
    void certificateOfTheCaOutsideTheFleet_connectsButMayDoNothing() throws Exception {
        try (RawMqttClient stranger = as("stranger", "stranger")) {
            assertThat(stranger.publish("cascade/v1/stranger/windows", "x")).isEqualTo(RawMqttClient.NOT_AUTHORIZED);
        }
    }

    /**
     * use_username_as_clientid: the broker gives every connection its certificate's CN as client id, so a device
     * asking for ingest's client id gets its own, and ingest keeps its session and connection.
     */
    @Test
    void clientTakingARolesClientId_getsItsOwnCn_andTheRoleStaysConnected() throws Exception {
        try (RawMqttClient ingest = as("ingest-1", "ingest-1");
             RawMqttClient press1 = as("press-1", "press-1")) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);
            try (RawMqttClient taker = as("press-0", "ingest-1")) {
                assertThat(taker.connected()).isTrue();
                assertThat(taker.publish("cascade/v1/press-0/escalations", "from the taker")).isLessThan(0x80);
                assertThat(press1.publish("cascade/v1/press-1/escalations", "after the takeover")).isLessThan(0x80);

                assertThat(ingest.next()).contains("cascade/v1/press-0/escalations from the taker");
                assertThat(ingest.next()).contains("cascade/v1/press-1/escalations after the takeover");
                assertThat(ingest.connected()).isTrue();
            }
            assertThat(Files.readString(mosquitto.log())).contains("as press-0");
        }
    }

    /**
     * The dynamic-security plugin checks subscriptions, $share included: a device cannot join ingest's shared group
     * (with the acl_file it could, and took its turns: MosquittoClusterAclIT), so ingest receives every escalation.
     */
    @Test
    void device_joiningIngestsSharedGroup_isRefused_andIngestReceivesAll() throws Exception {
        try (RawMqttClient ingest = as("ingest-1", "ingest-1");
             RawMqttClient press1 = as("press-1", "press-1")) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);
            try (RawMqttClient intruder = as("press-0", "press-0")) {
                assertThat(intruder.subscribe("$share/ingest/cascade/v1/+/escalations")).isEqualTo(RawMqttClient.NOT_AUTHORIZED);
                for (int i = 0; i < 6; i++) {
                    assertThat(press1.publish("cascade/v1/press-1/escalations", "e" + i)).isLessThan(0x80);
                }
            }
            for (int i = 0; i < 6; i++) {
                assertThat(ingest.next()).contains("cascade/v1/press-1/escalations e" + i);
            }
        }
    }

    /** The roles' own Paho connection (MqttConnection with the PEM files an mqtt.tls section names) over mutual TLS. */
    @Test
    void pahoConnection_withItsClientCertificate_publishesItsOwnTopics_andARefusalFailsTheFuture() throws Exception {
        javax.net.ssl.SSLSocketFactory tls = dev.cascade.transport.mqtt.tls.PemTls.socketFactory(pki.resolve("ca.pem"),
                java.util.Optional.of(pki.resolve("clients/gateway-1.pem")),
                java.util.Optional.of(pki.resolve("clients/gateway-1-key.pem")));
        dev.cascade.transport.mqtt.MqttSettings settings = new dev.cascade.transport.mqtt.MqttSettings(mosquitto.serverUri(),
                "gateway-1-uplink", true, java.time.Duration.ZERO, java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(10), 100, false, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(tls));
        try (RawMqttClient ingest = as("ingest-1", "ingest-1");
             dev.cascade.transport.mqtt.MqttConnection uplink = dev.cascade.transport.mqtt.MqttConnection.open(settings)) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);

            uplink.publish("cascade/v1/press-0/escalations", "over tls".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1,
                    dev.cascade.transport.mqtt.PublishOptions.NONE).get(10, java.util.concurrent.TimeUnit.SECONDS);
            var refused = uplink.publish("cascade/v1/press-1/escalations", new byte[] {1}, 1,
                    dev.cascade.transport.mqtt.PublishOptions.NONE);

            assertThat(ingest.next()).contains("cascade/v1/press-0/escalations over tls");
assertThatThrownBy(() -> refused.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .hasMessageContaining("broker refused the publish to cascade/v1/press-1/escalations (reason code 0x87)");
            assertThat(uplink.stats().publishFailures()).isEqualTo(1);
        }
    }
}
