package dev.cascade.testkit.security;

import static dev.cascade.testkit.security.RawMqttClient.NOT_AUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.net.FreePort;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.acl.MosquittoDynsec;
import dev.cascade.security.fleet.FleetCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mosquitto 2.0.11 with its dynamic-security plugin (Debian's {@code mosquitto_dynamic_security.so}) configured by
 * {@link MosquittoDynsec} from the cluster's fleet list instead of an {@code acl_file}: it checks subscriptions, so a
 * role's shared group is bound to the role (refused to anyone else, the role receives all), and it refuses what the
 * acl_file refuses. Skipped where the plugin is not installed.
 */
@Timeout(60)
class MosquittoDynsecIT {
    static final Optional<Path> PLUGIN = dev.cascade.testkit.process.DynsecPlugin.lookup();
    @TempDir
    static Path dir;
    static Path pki;
    static Process mosquitto;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PLUGIN.isPresent(), "no mosquitto dynamic-security plugin here");
        pki = dir.resolve("pki");
        Fleet fleet = FleetFile.read(MosquittoClusterAclIT.FLEET);
        FleetCertificates.write(fleet, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        Files.writeString(dir.resolve("dynsec.json"), MosquittoDynsec.render(AclModel.of(fleet)));
        port = FreePort.pick();
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "user " + System.getProperty("user.name"),
                "plugin " + PLUGIN.get(),
                "plugin_opt_config_file " + dir.resolve("dynsec.json"),
                "persistence false",
                "log_dest stderr",
                "listener " + port + " 127.0.0.1",
                "cafile " + pki.resolve("ca.pem"),
                "certfile " + pki.resolve("broker/cascade-broker.pem"),
                "keyfile " + pki.resolve("broker/cascade-broker-key.pem"),
                "require_certificate true",
                "use_identity_as_username true",
                "use_username_as_clientid true",
                "allow_anonymous false", ""));
        mosquitto = new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        for (int i = 0; i < 300; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                assertThat(mosquitto.isAlive()).as("mosquitto running; log: %s", log()).isTrue();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port + " within 30 s; log: " + log());
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.destroy();
        }
    }

    @Test
    void sharedGroups_refuseEveryOtherIdentity_andIngestReceivesAll() throws Exception {
        try (RawMqttClient ingest = as("cascade-ingest-0");
             RawMqttClient ingest1 = as("cascade-ingest-1");
             RawMqttClient device = as("press-2");
             RawMqttClient actuators = as("cascade-actuate-0-acks-0");
             RawMqttClient gateway = as("gateway-1-uplink")) {
            String group = "$share/ingest/cascade/v1/+/escalations";
            assertThat(ingest.subscribe(group)).as("log: %s", log()).isLessThan(0x80);
            assertThat(device.subscribe(group)).isEqualTo(NOT_AUTHORIZED);
            assertThat(actuators.subscribe(group)).isEqualTo(NOT_AUTHORIZED);
            assertThat(actuators.subscribe("$share/actuators/cascade/v1/+/acks")).isLessThan(0x80);
            assertThat(ingest1.subscribe("$share/actuators/cascade/v1/+/acks")).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.subscribe("$share/actuators/cascade/v1/+/acks")).isEqualTo(NOT_AUTHORIZED);

            for (int i = 0; i < 6; i++) {
                assertThat(gateway.publish("cascade/v1/press-0/escalations", "e" + i)).isEqualTo(0);
            }
            for (int i = 0; i < 6; i++) {
                assertThat(ingest.next()).contains("cascade/v1/press-0/escalations e" + i);
            }
        }
    }

    @Test
    void deviceOutsideItsGrants_isRefused_andCannotTakeARolesClientId() throws Exception {
        try (RawMqttClient ingest = as("cascade-ingest-1-probe");
             RawMqttClient device = RawMqttClient.connect("ssl://127.0.0.1:" + port, "cascade-ingest-1-probe",
                     RawMqttClient.tls(pki.resolve("ca.pem"), pki, "press-2"), Optional.empty(), Optional.empty(), false)) {
            assertThat(device.subscribe("#")).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.subscribe("cascade/v1/press-0/commands")).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.publish("cascade/v1/press-0/escalations", "forged")).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.publish("cascade/v1/press-2/commands", "{\"action\":\"resume\"}")).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.publish("cascade/v1/press-2/escalations", "own")).as("0x10: accepted, no subscriber").isLessThan(0x80);
            assertThat(ingest.connected()).as("the role kept its connection: the device got its own CN as client id").isTrue();
        }
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static RawMqttClient as(String identity) throws Exception {
        return RawMqttClient.connect("ssl://127.0.0.1:" + port, identity,
                RawMqttClient.tls(pki.resolve("ca.pem"), pki, identity), Optional.empty(), Optional.empty(), false);
    }
}
