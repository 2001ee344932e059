package dev.cascade.transport.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Reads a consumer's lag from its own metrics; safe to call from any thread (metrics are). */
public final class ConsumerLag {
    private ConsumerLag() {}

    /** Records behind the end of the log, summed over the consumer's assigned partitions (0 before the first fetch). */
    public static long records(Consumer<?, ?> consumer) {
        long lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName n = e.getKey();
            if ("records-lag".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                    && n.tags().containsKey("partition")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    lag += (long) num.doubleValue();
                }
            }
        }
        return lag;
    }
}
