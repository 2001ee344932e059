package dev.cascade.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

class EmbeddedBrokersIT {

    @Test
    void kafka_startsProducesConsumes_andSurvivesARestartWithItsLog() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults())) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("it.topic", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(kafka, "before");

            kafka.stop();
            assertThat(kafka.running()).isFalse();
            kafka.start();
            produce(kafka, "after");

            assertThat(consumeAll(kafka, 2)).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void mqtt_deliversToASharedSubscription_andComesBackAfterRestart() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults())) {
            assertThat(roundTrip(broker, "one")).isEqualTo("one");

            broker.stop();
            broker.start();

            assertThat(roundTrip(broker, "two")).isEqualTo("two");
        }
    }

    private static String roundTrip(EmbeddedMqttBroker broker, String text) throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(4);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        MqttClient sub = new MqttClient(broker.serverUri(), "sub-" + text, new MemoryPersistence());
        MqttClient pub = new MqttClient(broker.serverUri(), "pub-" + text, new MemoryPersistence());
        try {
            // Paho 1.2.5 never calls per-subscription listeners for $share filters (paho.mqtt.java#827):
            // shared subscriptions must use the client-wide callback.
            sub.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    got.add(new String(m.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {}

                @Override
                public void connectComplete(boolean reconnect, String uri) {}

                @Override
                public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
            });
            sub.connect(o);
            sub.subscribe("$share/g/it/+/x", 1);
            pub.connect(o);
            MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            pub.publish("it/dev/x", m);
            return got.poll(10, TimeUnit.SECONDS);
        } finally {
            pub.disconnect();
            sub.disconnect();
            pub.close();
            sub.close();
        }
    }

    private static void produce(EmbeddedKafka kafka, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("it.topic", "k", value)).get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(EmbeddedKafka kafka, int n) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("it.topic"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
