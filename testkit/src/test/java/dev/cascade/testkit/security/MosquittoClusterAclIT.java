package dev.cascade.testkit.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.testkit.process.MosquittoProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's fleet list (infra/k8s/fleet.txt) on the real mosquitto 2.0.11 with its generated ACL and client ids
 * bound to CNs: who can join ingest's and the actuators' shared groups. Each intruder learns that the group's messages
 * have all been routed by a marker published after them on a topic it may read (one broker thread: its deliveries
 * keep that order), so "received nothing" is read, not waited for. What holds: no identity but the group's role
 * receives any of the group's messages; what does not: mosquitto still lets the intruder join and drops its turns,
 * so the role misses them (docs/SECURITY.md).
 */
@Timeout(90)
class MosquittoClusterAclIT {
    static final Path FLEET = Path.of("..", "infra", "k8s", "fleet.txt");

    @TempDir
    static Path dir;
    static Path pki;
    static MosquittoProcess mosquitto;

    @BeforeAll
    static void start() {
        Fleet fleet = FleetFile.read(FLEET);
        pki = dir.resolve("pki");
        FleetCertificates.write(fleet, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        mosquitto = MosquittoProcess.startTls(dir.resolve("mosquitto"), 0, false, MosquittoProcess.Tls.withAclFile(pki));
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void clusterFleet_hasNoIdentityThatMayReadAnotherRolesGroupTopics() {
        assertThat(AclModel.of(FleetFile.read(FLEET)).sharedGroupIntruders()).isEmpty();
    }

    @Test
    void deviceAndActuators_joiningIngestsGroup_receiveNoEscalation() throws Exception {
        try (RawMqttClient ingest = as("cascade-ingest-0");
             RawMqttClient device = as("press-2");
             RawMqttClient actuators = as("cascade-actuate-0");
             RawMqttClient gateway = as("gateway-1-uplink");
             RawMqttClient marker = as("cascade-actuate-1")) {
            String group = "$share/ingest/cascade/v1/+/escalations";
            assertThat(ingest.subscribe(group)).isLessThan(0x80);
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/telemetry")).isLessThan(0x80);
            assertThat(device.subscribe(group)).as("mosquitto's acl_file does not check subscriptions").isLessThan(0x80);
            assertThat(actuators.subscribe(group)).isLessThan(0x80);
            assertThat(device.subscribe("cascade/v1/press-2/commands")).isLessThan(0x80);
            assertThat(actuators.subscribe("cascade/v1/+/commands")).isLessThan(0x80);

            for (int i = 0; i < 6; i++) {
                assertThat(gateway.publish("cascade/v1/press-0/escalations", "e" + i)).isEqualTo(0);
            }
            assertThat(gateway.publish("cascade/v1/press-0/telemetry", "end")).isEqualTo(0);
            assertThat(marker.publish("cascade/v1/press-2/commands", "end")).isEqualTo(0);

            assertThat(untilMarker(device, "cascade/v1/press-2/commands end")).as("what the device took from ingest's group")
                    .isEmpty();
            assertThat(untilMarker(actuators, "cascade/v1/press-2/commands end"))
                    .as("what the actuators took from ingest's group").isEmpty();
            List<String> toIngest = untilMarker(ingest, "cascade/v1/press-0/telemetry end");
            assertThat(toIngest).allSatisfy(m -> assertThat(m).startsWith("cascade/v1/press-0/escalations e"));
            // The gap left on mosquitto 2.0.11: the group hands each intruder its turn, and the read check then drops
            // the message (measured: ingest received 2 of 6, e0 and e3, with two intruders). Refused to read, not to join.
            assertThat(toIngest).as("mosquitto drops the intruders' turns; if this fails, it now binds groups: "
                    + "update docs/SECURITY.md").hasSizeLessThan(6);
        }
    }

    @Test
    void ingestAndDevice_joiningTheActuatorsGroup_receiveNoAck() throws Exception {
        try (RawMqttClient actuators = as("cascade-actuate-0-acks-0");
             RawMqttClient ingest = as("cascade-ingest-1");
             RawMqttClient device = as("press-2");
             RawMqttClient gateway = as("gateway-1-uplink-device");
             RawMqttClient marker = as("cascade-actuate-1")) {
            String group = "$share/actuators/cascade/v1/+/acks";
            assertThat(actuators.subscribe(group)).isLessThan(0x80);
            assertThat(actuators.subscribe("cascade/v1/+/commands")).isLessThan(0x80);
            assertThat(ingest.subscribe(group)).isLessThan(0x80);
            assertThat(device.subscribe(group)).isLessThan(0x80);
            assertThat(ingest.subscribe("$share/ingest/cascade/v1/+/telemetry")).isLessThan(0x80);
            assertThat(device.subscribe("cascade/v1/press-2/commands")).isLessThan(0x80);

            for (int i = 0; i < 6; i++) {
                assertThat(gateway.publish("cascade/v1/press-1/acks", "a" + i)).isEqualTo(0);
            }
            assertThat(gateway.publish("cascade/v1/press-1/telemetry", "end")).isEqualTo(0);
            assertThat(marker.publish("cascade/v1/press-2/commands", "end")).isEqualTo(0);

            assertThat(untilMarker(ingest, "cascade/v1/press-1/telemetry end")).as("what ingest took from the actuators' group")
                    .isEmpty();
            assertThat(untilMarker(device, "cascade/v1/press-2/commands end")).as("what the device took from the actuators' group")
                    .isEmpty();
            List<String> toActuators = untilMarker(actuators, "cascade/v1/press-2/commands end");
            assertThat(toActuators).allSatisfy(m -> assertThat(m).startsWith("cascade/v1/press-1/acks a"));
            assertThat(toActuators).as("mosquitto drops the intruders' turns (measured: 2 of 6); see docs/SECURITY.md")
                    .hasSizeLessThan(6);
        }
    }

    @Test
    void ingestAlone_inItsGroup_receivesEveryEscalation() throws Exception {
        try (RawMqttClient ingest0 = as("cascade-ingest-0-probe");
             RawMqttClient ingest1 = as("cascade-ingest-1-probe");
             RawMqttClient gateway = as("gateway-1")) {
            String group = "$share/ingest-alone/cascade/v1/+/escalations";
            assertThat(ingest0.subscribe(group)).isLessThan(0x80);
            assertThat(ingest1.subscribe(group)).isLessThan(0x80);
            assertThat(ingest0.subscribe("cascade/v1/+/telemetry")).isLessThan(0x80);
            assertThat(ingest1.subscribe("cascade/v1/+/telemetry")).isLessThan(0x80);

            for (int i = 0; i < 6; i++) {
                assertThat(gateway.publish("cascade/v1/press-1/escalations", "e" + i)).isEqualTo(0);
            }
            assertThat(gateway.publish("cascade/v1/press-1/telemetry", "end")).isEqualTo(0);

            List<String> all = new ArrayList<>(untilMarker(ingest0, "cascade/v1/press-1/telemetry end"));
            all.addAll(untilMarker(ingest1, "cascade/v1/press-1/telemetry end"));
            assertThat(all).containsExactlyInAnyOrder("cascade/v1/press-1/escalations e0", "cascade/v1/press-1/escalations e1",
                    "cascade/v1/press-1/escalations e2", "cascade/v1/press-1/escalations e3",
                    "cascade/v1/press-1/escalations e4", "cascade/v1/press-1/escalations e5");
        }
    }

    /** Everything {@code c} received before {@code marker}; fails if the marker does not come within 10 s. */
    private static List<String> untilMarker(RawMqttClient c, String marker) throws InterruptedException {
        List<String> before = new ArrayList<>();
        while (true) {
            Optional<String> m = c.next();
            assertThat(m).as("the marker %s within 10 s; before it: %s", marker, before).isPresent();
            if (m.get().equals(marker)) {
                return before;
            }
            before.add(m.get());
        }
    }

    private static RawMqttClient as(String identity) throws Exception {
        return RawMqttClient.connect(mosquitto.serverUri(), identity, RawMqttClient.tls(pki.resolve("ca.pem"), pki, identity),
                Optional.empty(), Optional.empty(), false);
    }
}
