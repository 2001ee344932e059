package dev.cascade.testkit.security;

import static dev.cascade.testkit.security.RawMqttClient.NOT_AUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.security.pki.DevCertificateAuthority;
import dev.cascade.security.pki.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * What every Cascade broker must refuse, run against the real brokers by its subclasses: certificates made here
 * with the development CA, the ACLs from the fleet list below.
 */
abstract class BrokerSecurityContract {
    static final Fleet FLEET = FleetFile.parse("""
            namespace cascade
            device press-0
            device press-1
            gateway gateway-1 serves=press-0
            ingest ingest-1 group=ingest
            actuators actuators-1 group=actuators
            admin ops
            """, "contract");

    /** Certificates for {@link #FLEET} (and a stranger the CA signed but the fleet does not list). */
    static Path makePki(Path dir) throws Exception {
        Path pki = dir.resolve("pki");
        FleetCertificates.write(FLEET, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        DevCertificateAuthority.load(pki).issue("stranger", Usage.CLIENT, List.of(), Duration.ofDays(2))
                .writePem(pki.resolve("clients"));
        DevCertificateAuthority rogue = DevCertificateAuthority.create("rogue-ca", Duration.ofDays(2));
        rogue.issue("press-0", Usage.CLIENT, List.of(), Duration.ofDays(2)).writePem(dir.resolve("rogue/clients"));
        Files.writeString(dir.resolve("rogue/ca.pem"), rogue.certificatePem());
        return pki;
    }

    abstract String uri();

    /**
     * Whether the broker answers a forbidden subscription with SUBACK 0x87 (HiveMQ with the extension, mosquitto with
     * the dynamic-security plugin); mosquitto 2.0.11 with an acl_file grants it and then delivers nothing the user's
     * read ACL does not allow.
     */
    abstract boolean refusesSubscriptions();

    void assertRefusedOrFiltered(int subackCode) {
        if (refusesSubscriptions()) {
            assertThat(subackCode).isEqualTo(NOT_AUTHORIZED);
        } else {
            assertThat(subackCode).isLessThan(0x80);
        }
    }

    abstract Path pki();

    RawMqttClient as(String identity, String clientId) throws MqttException {
        return RawMqttClient.connect(uri(), clientId, sockets(identity), Optional.empty(), Optional.empty(), false);
    }

    SocketFactory sockets(String identity) {
        return RawMqttClient.tls(pki().resolve("ca.pem"), pki(), identity);
    }

    @Test
    void certificateOfAnotherCa_isRefused() {
        Path rogue = pki().getParent().resolve("rogue");
        SocketFactory f = RawMqttClient.tls(pki().resolve("ca.pem"), rogue, "press-0");
        assertThatThrownBy(() -> RawMqttClient.connect(uri(), "press-0", f, Optional.empty(), Optional.empty(), false).close())
                .isInstanceOf(MqttException.class);
    }

    @Test
    void clientWithoutCertificate_isRefused() {
        SocketFactory f = dev.cascade.transport.mqtt.tls.PemTls.socketFactory(pki().resolve("ca.pem"), Optional.empty(),
                Optional.empty());
        assertThatThrownBy(() -> RawMqttClient.connect(uri(), "press-0", f, Optional.empty(), Optional.empty(), false).close())
                .isInstanceOf(MqttException.class);
    }

    /** A refused publish: PUBACK 0x87 (HiveMQ then also disconnects the client; mosquitto keeps it). */
    int refusedOnItsOwnConnection(String identity, String clientId, String topic, String payload) throws Exception {
        try (RawMqttClient c = as(identity, clientId)) {
            return c.publish(topic, payload);
        }
    }

    @Test
    void device_publishingOnAnotherDevicesTopic_isRefusedAndNotDelivered() throws Exception {
        try (RawMqttClient ingest = as("ingest-1", "ingest-1")) {
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/escalations")).isLessThan(0x80);

            assertThat(refusedOnItsOwnConnection("press-0", "press-0", "cascade/v1/press-1/escalations", "forged"))
                    .isEqualTo(NOT_AUTHORIZED);
            try (RawMqttClient press0 = as("press-0", "press-0")) {
                assertThat(press0.publish("cascade/v1/press-0/escalations", "own")).isLessThan(0x80);
            }

            assertThat(ingest.next()).contains("cascade/v1/press-0/escalations own");
        }
    }

    @Test
    void device_subscribingToEverything_isRefused() throws Exception {
        try (RawMqttClient press0 = as("press-0", "press-0");
             RawMqttClient ops = as("ops", "ops");
             RawMqttClient actuators = as("actuators-1", "actuators-1")) {
            assertRefusedOrFiltered(press0.subscribe("#"));
            assertRefusedOrFiltered(press0.subscribe("cascade/v1/+/commands"));
            assertThat(press0.subscribe("cascade/v1/press-0/commands")).isLessThan(0x80);
            assertThat(ops.subscribe("#")).isLessThan(0x80);

            assertThat(actuators.publish("cascade/v1/press-1/commands", "not yours")).isLessThan(0x80);
            assertThat(actuators.publish("cascade/v1/press-0/commands", "yours")).isLessThan(0x80);

            assertThat(press0.next()).contains("cascade/v1/press-0/commands yours");
            assertThat(ops.next()).contains("cascade/v1/press-1/commands not yours");
        }
    }

    @Test
    void forgedCommandFromADeviceIdentity_isRefused_andTheActuatorsCommandArrives() throws Exception {
        // press-1's own second connection first: on mosquitto (use_username_as_clientid) a second connection of one
        // certificate takes the first one's client id.
        assertThat(refusedOnItsOwnConnection("press-1", "press-1-other", "cascade/v1/press-1/commands", "self-made"))
                .isEqualTo(NOT_AUTHORIZED);
        try (RawMqttClient press1 = as("press-1", "press-1");
             RawMqttClient actuators = as("actuators-1", "actuators-1")) {
            assertThat(press1.subscribe("cascade/v1/press-1/commands")).isLessThan(0x80);

            assertThat(refusedOnItsOwnConnection("press-0", "press-0", "cascade/v1/press-1/commands", "forged"))
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(actuators.publish("cascade/v1/press-1/commands", "real")).isLessThan(0x80);

            assertThat(press1.next()).contains("cascade/v1/press-1/commands real");
        }
    }

    @Test
    void gateway_speaksForItsDevice_butNotForOthers() throws Exception {
        try (RawMqttClient gateway = as("gateway-1", "gateway-1-uplink")) {
            assertThat(gateway.publish("cascade/v1/press-0/escalations", "served")).isLessThan(0x80);
            assertThat(gateway.publish("cascade/v1/press-0/commands", "local action")).isLessThan(0x80);
        }
        assertThat(refusedOnItsOwnConnection("gateway-1", "gateway-1-commands", "cascade/v1/press-1/commands", "not served"))
                .isEqualTo(NOT_AUTHORIZED);
    }

}
