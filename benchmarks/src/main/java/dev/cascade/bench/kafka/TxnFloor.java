package dev.cascade.bench.kafka;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The floor of one consume-transform-produce transaction on the in-process broker, with nothing else in it: begin,
 * two records, the consumed offsets, commit; timed per step, and the broker's own time per request type (its
 * RequestMetrics: total, and the part spent waiting for other work). It bounds what any exactly-once worker can
 * reach per batch here. Usage: {@code TxnFloor [TRANSACTIONS] [GAP_MS] [broker.key=value | client.key=value ...]}
 * (broker keys prefixed {@code b.}).
 */
public final class TxnFloor {
    private TxnFloor() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long gapMs = args.length > 1 ? Long.parseLong(args[1]) : 5;
        Map<String, String> broker = new HashMap<>();
        Map<String, String> client = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv[0].startsWith("b.")) {
                broker.put(kv[0].substring(2), kv[1]);
            } else {
                client.put(kv[0], kv[1]);
            }
        }
        KafkaBrokerConfig bc = KafkaBrokerConfig.defaults().withPort(0);
        bc = new KafkaBrokerConfig(bc.bindAddress(), bc.port(), bc.logDir(), broker, bc.saslSsl());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(bc)) {
            String bs = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bs))) {
                admin.createTopics(List.of(new NewTopic("in", 4, (short) 1), new NewTopic("out", 4, (short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put("bootstrap.servers", bs);
            p.put("transactional.id", "txn-floor");
            p.put("linger.ms", "0");
            p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.putAll(client);
            Properties c = new Properties();
            c.put("bootstrap.servers", bs);
            c.put("group.id", "txn-floor");
            c.put("group.protocol", "consumer");
            c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            c.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
                 KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                producer.initTransactions();
                consumer.subscribe(List.of("in"));
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
                    consumer.poll(Duration.ofMillis(10));
                }
                Histogram[] h = {new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3)};
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("out", "k" + (i % 64), "v"));
                    producer.send(new ProducerRecord<>("out", "k" + ((i + 7) % 64), "v"));
                    long t1 = System.nanoTime();
                    producer.sendOffsetsToTransaction(Map.of(new TopicPartition("in", i % 4), new OffsetAndMetadata(i)),
                            consumer.groupMetadata());
                    long t2 = System.nanoTime();
                    producer.commitTransaction();
                    long t3 = System.nanoTime();
                    if (i >= n / 5) {
                        h[0].recordValue((t1 - t0) / 1000);
                        h[1].recordValue((t2 - t1) / 1000);
                        h[2].recordValue((t3 - t2) / 1000);
                        h[3].recordValue((t3 - t0) / 1000);
                    }
                    Thread.sleep(gapMs);
                }
                System.out.printf(Locale.ROOT, "%d transactions (first %d discarded), %d ms apart; broker %s, client %s%n", n,
                        n / 5, gapMs, broker, client);
                String[] names = {"begin + 2 sends", "sendOffsetsToTransaction", "commitTransaction", "whole transaction"};
                for (int i = 0; i < 4; i++) {
                    System.out.printf(Locale.ROOT, "  %-26s p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms%n", names[i],
                            h[i].getValueAtPercentile(50) / 1e3, h[i].getValueAtPercentile(90) / 1e3,
                            h[i].getValueAtPercentile(99) / 1e3, h[i].getMaxValue() / 1e3);
                }
                MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
                System.out.println("  broker, mean ms per request (total / waiting on other work):");
                for (String rq : new String[] {"Produce", "AddPartitionsToTxn", "TxnOffsetCommit", "EndTxn", "WriteTxnMarkers"}) {
                    System.out.printf(Locale.ROOT, "    %-20s %.2f / %.2f (%d requests)%n", rq, mean(mbs, "TotalTimeMs", rq),
                            mean(mbs, "RemoteTimeMs", rq), (long) count(mbs, rq));
                }
            }
        }
    }

    private static double mean(MBeanServer mbs, String metric, String request) throws Exception {
        return ((Number) mbs.getAttribute(new ObjectName("kafka.network:type=RequestMetrics,name=" + metric
                + ",request=" + request), "Mean")).doubleValue();
    }

    private static double count(MBeanServer mbs, String request) throws Exception {
        return ((Number) mbs.getAttribute(new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request="
                + request), "Count")).doubleValue();
    }
}
