package dev.cascade.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RoleMetricsTest {
    enum Reason { MALFORMED, OVERSIZE }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void name_followsTheCascadeScheme() {
        assertThat(RoleMetrics.of("infer", registry).name("batch_size", "windows")).isEqualTo("cascade_infer_batch_size_windows");
    }

    @Test
    void name_withUpperCaseOrSpaces_isRefusedNamingTheField() {
        assertThatThrownBy(() -> RoleMetrics.of("Ingest", registry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role must match [a-z][a-z0-9_]*, was Ingest");
        assertThatThrownBy(() -> RoleMetrics.of("ingest", registry).name("messages in", "total"))
                .hasMessage("what must match [a-z][a-z0-9_]*, was messages in");
    }

    @Test
    void countersByKey_giveOneLabelledCounterPerKey_evenBeforeItCounts() {
        Map<Reason, Long> counts = new ConcurrentHashMap<>(Map.of(Reason.OVERSIZE, 3L));
        RoleMetrics.of("ingest", registry).countersByKey("rejects", "refused messages", "reason",
                EnumSet.allOf(Reason.class), r -> r.name().toLowerCase(), () -> counts);
        String text = registry.scrape();
        assertThat(text).contains("cascade_ingest_rejects_total{reason=\"oversize\"} 3.0")
                .contains("cascade_ingest_rejects_total{reason=\"malformed\"} 0.0");
        counts.put(Reason.MALFORMED, 2L);
        assertThat(registry.scrape()).contains("cascade_ingest_rejects_total{reason=\"malformed\"} 2.0");
    }

    @Test
    void gaugeAndTimer_areExportedWithTheirUnitsAndCommonTags() {
        RoleMetrics m = RoleMetrics.of("edge", registry).withTags(Tags.of("gateway", "gw-1"));
        m.gauge("uplink_backlog", "escalations", "escalations waiting", new int[] {4}, a -> a[0], Tags.empty());
        m.timer("decision_latency", "window sent to decision", Tags.of("kind", "vibration")).record(Duration.ofMillis(3));
        String text = registry.scrape();
        assertThat(text).contains("cascade_edge_uplink_backlog_escalations{gateway=\"gw-1\"} 4.0")
                .contains("cascade_edge_decision_latency_seconds_count{gateway=\"gw-1\",kind=\"vibration\"} 1")
                .contains("cascade_edge_decision_latency_seconds_bucket{gateway=\"gw-1\",kind=\"vibration\",le=");
    }
}
