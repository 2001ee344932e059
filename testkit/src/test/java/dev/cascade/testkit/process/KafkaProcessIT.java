package dev.cascade.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.testkit.KafkaProbe;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class KafkaProcessIT {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killedWithSigkill_restartsWithItsData_aRecordProducedBeforeIsReadAfter(@TempDir Path dir) throws Exception {
        try (KafkaProcess kafka = KafkaProcess.start(dir, 0)) {
            long firstPid = kafka.pid();
            assertThat(firstPid).isNotEqualTo(ProcessHandle.current().pid());
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), "kill-test");
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(settings, "test")) {
                // acks=all on a single node: acknowledged means written to the broker's log (page cache), which a
                // SIGKILL of the JVM does not lose.
                producer.send(new ProducerRecord<>("kept", "m-1", "before the kill".getBytes(StandardCharsets.UTF_8)))
                        .get(60, TimeUnit.SECONDS);
            }

            kafka.kill();
            assertThat(kafka.running()).isFalse();
            kafka.start();

            assertThat(kafka.pid()).isNotEqualTo(firstPid);
            try (KafkaProbe probe = new KafkaProbe(settings, "kept")) {
                List<ConsumerRecord<String, byte[]>> got = probe.atLeast(1, Duration.ofSeconds(60));
                assertThat(got).hasSize(1);
                assertThat(got.get(0).key()).isEqualTo("m-1");
                assertThat(new String(got.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("before the kill");
            }
            assertThat(Files.readString(kafka.log())).contains("=== ").contains("kafka.Kafka");
        }
    }
}
