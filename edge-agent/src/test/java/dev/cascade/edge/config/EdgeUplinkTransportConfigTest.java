package dev.cascade.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.uplink.UplinkTransport;
import dev.cascade.transport.awsiot.AwsIotSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeUplinkTransportConfigTest {
    @TempDir
    Path base;

    private EdgeConfig parse(String extra) throws Exception {
        String yaml = "edge:\n  gateway-id: gw-7\n  sensors-mqtt:\n    uri: tcp://127.0.0.1:1883\n  models:\n    vibration: models/v\n"
                + extra;
        return EdgeConfigFile.LOADER.parse(yaml, base, Map.of()).value().agent();
    }

    private void writeDeviceFiles() throws Exception {
        Files.writeString(base.resolve("gw-7.pem"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
        Files.writeString(base.resolve("gw-7-key.pem"), "-----BEGIN " + "PRIVATE KEY-----\nAA==\n-----END " + "PRIVATE KEY-----\n");
        Files.writeString(base.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    }

    @Test
    void transport_unset_isPahoMqtt() throws Exception {
        EdgeConfig c = parse("");

        assertThat(c.uplink().transport()).isEqualTo(UplinkTransport.mqtt());
        assertThat(c.uplink().transport().endpoint(c.uplinkMqtt())).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void transport_awsIot_readsItsSection_withTheGatewayAsClientId() throws Exception {
        writeDeviceFiles();
        EdgeConfig c = parse("""
                  uplink:
                    transport: aws-iot
                    aws-iot:
                      host: abc123-ats.iot.eu-west-1.amazonaws.com
                      cert-file: gw-7.pem
                      key-file: gw-7-key.pem
                      ca-file: ca.pem
                      session-expiry: 12h
                """);

        UplinkTransport t = c.uplink().transport();
        assertThat(t.kind()).isEqualTo(UplinkTransport.Kind.AWS_IOT);
        AwsIotSettings s = t.awsIot().orElseThrow();
        assertThat(s.clientId()).isEqualTo("gw-7");
        assertThat(s.certFile()).isEqualTo(base.resolve("gw-7.pem"));
        assertThat(s.caFile()).isEqualTo(Optional.of(base.resolve("ca.pem")));
        assertThat(s.sessionExpiry()).isEqualTo(Duration.ofHours(12));
        assertThat(t.endpoint(c.uplinkMqtt())).isEqualTo("aws-iot://abc123-ats.iot.eu-west-1.amazonaws.com:8883");
        assertThat(t.persistentSession(c.uplinkMqtt())).isTrue();
    }

    @Test
    void transport_awsIot_withoutItsSection_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> parse("  uplink: {transport: aws-iot}\n"))
                .hasMessageContaining("edge.uplink.aws-iot must be set when transport is aws-iot (host, cert-file,"
                        + " key-file, ...), was (none)");
    }

    @Test
    void transport_awsIot_withMissingCertificateFiles_isRefusedNamingEachKey() {
        assertThatThrownBy(() -> parse("""
                  uplink:
                    transport: aws-iot
                    aws-iot: {cert-file: nowhere.pem, ca-file: ca-missing.pem}
                """))
                .hasMessageContaining("edge.uplink.aws-iot.cert-file must be a readable PEM file with a CERTIFICATE block,"
                        + " was \"" + base.resolve("nowhere.pem") + "\" (no such file)")
                .hasMessageContaining("edge.uplink.aws-iot.key-file must be a readable PEM file with a PRIVATE KEY block,"
                        + " was \"" + base.resolve("device-key.pem") + "\" (no such file)")
                .hasMessageContaining("edge.uplink.aws-iot.ca-file must be a readable PEM file with a CERTIFICATE block,"
                        + " was \"" + base.resolve("ca-missing.pem") + "\" (no such file)");
    }

    @Test
    void transport_unknown_isRefusedWithTheChoices() {
        assertThatThrownBy(() -> parse("  uplink: {transport: coap}\n"))
                .hasMessageContaining("edge.uplink.transport must be one of MQTT|AWS_IOT, was \"coap\"");
    }
}
