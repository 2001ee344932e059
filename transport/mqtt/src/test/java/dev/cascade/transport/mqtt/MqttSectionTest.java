package dev.cascade.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.config.ConfigException;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.LoadedConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttSectionTest {
    private static final ConfigLoader<MqttSettings> LOADER = new ConfigLoader<>("ingest", "test",
            n -> MqttSection.read(n.object("mqtt", "the broker"), "ingest-1").orElse(null));

    private static Path tls() {
        try {
            return Path.of(MqttSectionTest.class.getResource("/tls/ca.pem").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void section_withEverySetting_isReadIntoMqttSettings() throws ConfigException {
        String yaml = """
                ingest:
                  mqtt:
                    uri: ssl://broker.example.com:8883
                    client-id: gw-7
                    clean-start: false
                    session-expiry: 1h
                    keep-alive: 15s
                    connect-timeout: 3s
                    max-inflight: 50
                    reconnect-min: 2s
                    reconnect-max: 1m
                    username: gw-7
                    tls: {ca-file: ca.pem, cert-file: client.pem, key-file: client-pkcs8.key}
                """;

        MqttSettings s = LOADER.parse(yaml, tls(), Map.of("CASCADE_INGEST_MQTT_PASSWORD", "pw-secret")).value();

        assertThat(s.serverUri()).isEqualTo("ssl://broker.example.com:8883");
        assertThat(s.clientId()).isEqualTo("gw-7");
        assertThat(s.cleanStart()).isFalse();
        assertThat(s.sessionExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.maxInflight()).isEqualTo(50);
        assertThat(s.reconnect()).isEqualTo(new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofMinutes(1)));
        assertThat(s.username()).contains("gw-7");
        assertThat(s.password()).contains("pw-secret");
        assertThat(s.tls()).isPresent();
        assertThat(s.toString()).contains("password=******").doesNotContain("pw-secret");
    }

    @Test
    void defaults_areALocalPlainBrokerWithTheRolesClientId() throws ConfigException {
        LoadedConfig<MqttSettings> l = LOADER.parse("ingest: {}\n", Path.of("."), Map.of());

        assertThat(l.value()).isEqualTo(MqttSettings.of("tcp://127.0.0.1:1883", "ingest-1"));
    }

    @Test
    void reconnect_defaultsToOneToThirtySeconds_andMinAboveMax_isRefused() throws ConfigException {
        assertThat(LOADER.parse("ingest: {}\n", Path.of("."), Map.of()).value().reconnect())
                .isEqualTo(ReconnectBackoff.DEFAULT);
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt: {reconnect-min: 1m, reconnect-max: 10s}\n", Path.of("."),
                Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.mqtt.reconnect-min must be <= reconnect-max (10s), was 1m");
    }

    @Test
    void sslUri_withoutTls_andABadUri_areBothReported() {
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt: {uri: ssl://b:8883, keep-alive: 0s}\n", Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "ingest.mqtt.keep-alive must be in [1s, 18h], was 0s",
                        "ingest.mqtt.tls must be set for an ssl:// serverUri, was empty"));
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt: {uri: 'http://b'}\n", Path.of("."), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "ingest.mqtt.uri must be tcp://host:port or ssl://host:port, was \"http://b\""));
    }

    @Test
    void tls_withASec1Key_isRefusedWithTheConversionLine() {
        String yaml = "ingest:\n  mqtt:\n    uri: ssl://b:8883\n    tls: {ca-file: ca.pem, cert-file: client.pem, key-file: client-sec1.key}\n";

        assertThatThrownBy(() -> LOADER.parse(yaml, tls(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).singleElement().asString()
                        .startsWith("ingest.mqtt.tls.key-file must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; convert with "
                                + "openssl pkcs8 -topk8 -nocrypt")
                        .contains("was EC PRIVATE KEY"));
    }

    @Test
    void tls_withoutCa_orWithACertButNoKey_isRefused() {
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt:\n    tls: {cert-file: client.pem}\n", tls(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "ingest.mqtt.tls.ca-file must be set when tls is given, was (none)"));
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt:\n    tls: {ca-file: ca.pem, cert-file: client.pem}\n", tls(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
                        "ingest.mqtt.tls.cert-file and key-file must be set together, was cert-file only"));
    }

    @Test
    void tls_withACaFileThatIsNoCertificate_namesTheFile() {
        assertThatThrownBy(() -> LOADER.parse("ingest:\n  mqtt:\n    tls: {ca-file: client-pkcs8.key}\n", tls(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).singleElement().asString()
                        .startsWith("ingest.mqtt.tls.ca-file must hold at least one PEM CERTIFICATE block, was ")
                        .endsWith("client-pkcs8.key"));
    }

    @Test
    void tls_withClientIdInTheCertificatePath_givesEachConnectionItsOwnCertificate() throws ConfigException {
        String yaml = "ingest:\n  mqtt:\n    uri: ssl://b:8883\n    client-id: client\n    tls:\n      ca-file: ca.pem\n"
                + "      cert-file: \"{client-id}.pem\"\n      key-file: \"{client-id}-pkcs8.key\"\n";

        MqttSettings s = LOADER.parse(yaml, tls(), Map.of()).value();

        assertThat(s.tls()).isPresent();
        assertThat(s.tlsPerClient()).hasValueSatisfying(p -> {
            assertThat(p.certFileOf("client")).isEqualTo(tls().resolve("client.pem"));
            assertThat(p.keyFileOf("gw-7-uplink")).isEqualTo(tls().resolve("gw-7-uplink-pkcs8.key"));
        });
        assertThatThrownBy(() -> s.withClientId("other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.pem")
                .hasMessageEndingWith("(the certificate of client id other)");
    }

    @Test
    void tls_withClientIdInTheCertificatePathButNoSuchFile_isRefusedAtStart() {
        String yaml = "ingest:\n  mqtt:\n    uri: ssl://b:8883\n    tls:\n      ca-file: ca.pem\n"
                + "      cert-file: \"{client-id}.pem\"\n      key-file: \"{client-id}-pkcs8.key\"\n";

        assertThatThrownBy(() -> LOADER.parse(yaml, tls(), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).singleElement().asString()
                        .startsWith("ingest.mqtt.tls.")
                        .contains("ingest-1.pem")
                        .endsWith("(the certificate of client id ingest-1)"));
    }
}
