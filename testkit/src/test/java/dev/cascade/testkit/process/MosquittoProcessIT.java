package dev.cascade.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.testkit.MqttProbe;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MosquittoProcessIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedWithSigkill_restartsOnTheSamePort_withAQueuedMessageKept(@TempDir Path dir) throws Exception {
        String topic = "it/v1/m-1/commands";
        byte[] payload = "kept across kill -9".getBytes(StandardCharsets.UTF_8);
        MqttSettings offline = MqttSettings.of("tcp://127.0.0.1:1", "offline-subscriber").withPersistentSession(Duration.ofHours(1));
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        List<MqttConnection.Route> routes = List.of(new MqttConnection.Route(topic, 1,
                (t, p, d) -> got.add(t + " " + new String(p, StandardCharsets.UTF_8))));

        try (MosquittoProcess broker = MosquittoProcess.start(dir, 0, true)) {
            assertThat(broker.serverUri()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            long firstPid = broker.pid();
            MqttSettings sub = MqttSettings.of(broker.serverUri(), offline.clientId()).withPersistentSession(Duration.ofHours(1));
            // A persistent session with a QoS 1 subscription, then offline: the broker queues for it.
            MqttConnection.open(sub, routes).close();
            try (MqttProbe publisher = new MqttProbe(MqttSettings.of(broker.serverUri(), "publisher"))) {
                publisher.publish(topic, payload);
            }
            Path db = broker.dataDir().resolve("mosquitto.db");
            while (!(Files.exists(db) && contains(Files.readAllBytes(db), payload))) {
                Thread.sleep(20); // saved after every change: wait for the write to land
            }

            broker.kill();
            assertThat(broker.running()).isFalse();
            broker.start();

            assertThat(broker.pid()).isNotEqualTo(firstPid);
            try (MqttConnection resumed = MqttConnection.open(sub, routes)) {
                assertThat(got.poll(30, TimeUnit.SECONDS)).isEqualTo(topic + " kept across kill -9");
            }
            assertThat(Files.readString(broker.log())).contains("mosquitto version").contains("Opening ipv4 listen socket on port "
                    + broker.port());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stop_endsTheProcess_andStartServesAgain(@TempDir Path dir) throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir, 0, false)) {
            broker.stop();
            assertThat(broker.running()).isFalse();
            broker.start();
            try (MqttProbe probe = new MqttProbe(MqttSettings.of(broker.serverUri(), "again")).subscribe("a/#")) {
                probe.publish("a/b", new byte[] {1});
                assertThat(probe.await(1, Duration.ofSeconds(30))).extracting(MqttProbe.Message::topic).containsExactly("a/b");
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
