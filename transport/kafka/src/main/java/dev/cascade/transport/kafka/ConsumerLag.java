package dev.cascade.transport.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Reads a consumer's lag from its own metrics; safe to call from any thread (metrics are). */
public final class ConsumerLag {
    private ConsumerLag() {}

    /** Records behind the end of the log, summed over the consumer's assigned partitions (0 before the first fetch). */
    public static long records(Consumer<?, ?> consumer) {
        // Kafka registers each partition's lag twice when the topic name has dots (once with them replaced by
        // underscores): count each partition once.
        Map<String, Long> byPartition = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName n = e.getKey();
            String topic = n.tags().get("topic");
            String partition = n.tags().get("partition");
            if ("records-lag".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                    && topic != null && partition != null) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    byPartition.merge(topic.replace('.', '_') + "/" + partition, (long) num.doubleValue(), Math::max);
                }
            }
        }
        long lag = 0;
        for (long l : byPartition.values()) {
            lag += l;
        }
        return lag;
    }
}
