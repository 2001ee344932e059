package dev.cascade.bench.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromTextTest {
    private static final String TEXT = """
            # HELP cascade_edge_windows_in_total windows received from sensors
            # TYPE cascade_edge_windows_in_total counter
            cascade_edge_windows_in_total 1234.0
            cascade_edge_escalations_total{reason="uncertain"} 10.0
            cascade_edge_escalations_total{reason="audit sample"} 3.0
            cascade_edge_uplink_backlog_escalations 0.0
            this line is not a sample
            """;

    @Test
    void count_ofACounter_isItsValue() {
        assertThat(PromText.parse(TEXT).count("cascade_edge_windows_in_total")).isEqualTo(1234);
    }

    @Test
    void count_ofALabelledCounter_sumsItsSeries_orPicksOneByLabel() {
        PromText t = PromText.parse(TEXT);

        assertThat(t.count("cascade_edge_escalations_total")).isEqualTo(13);
        assertThat(t.count("cascade_edge_escalations_total", "reason", "audit sample")).isEqualTo(3);
    }

    @Test
    void count_ofAMissingMetric_orAnEmptyScrape_isZero() {
        assertThat(PromText.parse(TEXT).count("cascade_infer_windows_inferred_total")).isZero();
        assertThat(PromText.parse("").count("cascade_edge_windows_in_total")).isZero();
    }
}
