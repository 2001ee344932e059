package dev.cascade.testkit.security;

import static dev.cascade.testkit.security.RawMqttClient.NOT_AUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.infra.mqtt.security.BrokerSecurity;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.fleet.FleetCertificates;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded HiveMQ CE broker with the security extension and a mutual-TLS listener. */
@Timeout(120)
class EmbeddedBrokerSecurityIT extends BrokerSecurityContract {
    @TempDir
    static Path dir;
    static Path pki;
    static EmbeddedMqttBroker broker;

    @BeforeAll
    static void start() throws Exception {
        pki = makePki(dir);
        char[] pw = FleetCertificates.storePassword(pki.resolve("broker/store-password"));
        BrokerSecurity security = BrokerSecurity.certificates(AclModel.of(FLEET), new BrokerSecurity.TlsListener(
                pki.resolve("broker/broker.p12"), pki.resolve("broker/truststore.p12"), pw));
        broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withSecurity(security));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String uri() {
        return broker.serverUri();
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
    void serverUri_isTls() {
        assertThat(broker.serverUri()).startsWith("ssl://127.0.0.1:");
    }

    @Test
    void certificateOfTheCaOutsideTheFleet_isRefused() {
        assertThatThrownBy(() -> as("stranger", "stranger").close())
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void clientTakingARolesClientId_isRefused_andTheRoleKeepsItsSession() throws Exception {
        try (RawMqttClient ingest = as("ingest-1", "ingest-1")) {
            assertThatThrownBy(() -> as("press-0", "ingest-1").close())
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
            assertThatThrownBy(() -> as("gateway-1", "ingest-1-x").close()).isInstanceOf(MqttException.class);
            assertThat(ingest.connected()).isTrue();
        }
        assertThat(broker.security().orElseThrow().refusedConnections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void otherRole_joiningIngestsSharedSubscription_isRefused() throws Exception {
        try (RawMqttClient actuators = as("actuators-1", "actuators-1")) {
            assertThat(actuators.subscribe("$share/ingest/cascade/v1/+/acks")).isEqualTo(NOT_AUTHORIZED);
            assertThat(actuators.subscribe("$share/actuators/cascade/v1/+/acks")).isLessThan(0x80);
        }
    }

    @Test
    void passwordIdentities_onThePlainListener_areCheckedLikeCertificates() throws Exception {
        BrokerSecurity s = BrokerSecurity.passwords(AclModel.of(FLEET), Map.of("press-0", "p0-secret", "ingest-1", "i-secret"));
        try (EmbeddedMqttBroker plain = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withSecurity(s))) {
            assertThat(plain.serverUri()).startsWith("tcp://");
            assertThatThrownBy(() -> RawMqttClient.connect(plain.serverUri(), "press-0", null, Optional.empty(),
                    Optional.empty(), false).close()).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> RawMqttClient.connect(plain.serverUri(), "press-0", null, Optional.of("press-0"),
                    Optional.of("wrong"), false).close()).isInstanceOf(MqttException.class);
            try (RawMqttClient p = RawMqttClient.connect(plain.serverUri(), "press-0", null, Optional.of("press-0"),
                    Optional.of("p0-secret"), false)) {
                assertThat(p.publish("cascade/v1/press-0/windows", "x")).isLessThan(0x80);
                assertThat(p.publish("cascade/v1/press-1/windows", "x")).isEqualTo(NOT_AUTHORIZED);
            }
        }
    }
    @Test
    void device_joiningARolesSharedSubscription_isRefused() throws Exception {
        try (RawMqttClient ingest = as("ingest-1", "ingest-1");
             RawMqttClient press0 = as("press-0", "press-0");
             RawMqttClient press1 = as("press-1", "press-1")) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);
            assertThat(press0.subscribe("$share/ingest/cascade/v1/+/escalations")).isEqualTo(NOT_AUTHORIZED);
            assertThat(press0.subscribe("$share/actuators/cascade/v1/+/acks")).isEqualTo(NOT_AUTHORIZED);

            for (int i = 0; i < 4; i++) {
                assertThat(press1.publish("cascade/v1/press-1/escalations", "e" + i)).isLessThan(0x80);
            }

            for (int i = 0; i < 4; i++) {
                assertThat(ingest.next()).as("escalation %d reaches ingest, none the intruder", i)
                        .contains("cascade/v1/press-1/escalations e" + i);
            }
        }
    }
}
