package dev.cascade.cli.broker;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade broker}: the in-process MQTT broker and/or Kafka on their own, for development. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the embedded MQTT 5 broker (HiveMQ CE) and/or a single-node Kafka (KRaft) until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {
    enum Which { all, mqtt, kafka }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--only", defaultValue = "all", description = "which broker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Which only;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "interface to listen on (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-log-dir", paramLabel = "DIR", description = "keep Kafka's log here across runs (default: a temporary folder)")
    Path kafkaLogDir;

    @Option(names = "--namespace", defaultValue = "cascade", description = "create the Kafka topics of this namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--partitions", defaultValue = "4", description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Topics topics = new Topics(namespace);
        EmbeddedMqttBroker mqtt = null;
        EmbeddedKafka kafka = null;
        try {
            if (only != Which.kafka) {
                mqtt = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withBindAddress(bind).withPort(mqttPort));
                out.println("MQTT 5 broker on " + mqtt.serverUri());
            }
            if (only != Which.mqtt) {
                KafkaBrokerConfig kc = KafkaBrokerConfig.defaults().withBindAddress(bind).withPort(kafkaPort);
                if (kafkaLogDir != null) {
                    kc = kc.withLogDir(kafkaLogDir);
                }
                kafka = EmbeddedKafka.start(kc);
                TopicProvisioner.ensure(KafkaSettings.of(kafka.bootstrapServers(), "cascade-broker"), topics, partitions, (short) 1);
                out.println("Kafka on " + kafka.bootstrapServers() + " with the topics of namespace " + namespace);
            }
            out.println("Ctrl-C to stop.");
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            EmbeddedMqttBroker m = mqtt;
            EmbeddedKafka k = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (k != null) {
                    k.close();
                }
                if (m != null) {
                    m.close();
                }
                forever.countDown();
            }, "cascade-broker-shutdown"));
            forever.await();
            return 0;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (mqtt != null) {
                mqtt.close();
            }
            spec.commandLine().getErr().println("cannot start the brokers: " + e.getMessage());
            return 1;
        }
    }
}
