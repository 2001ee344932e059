package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard, Prometheus config and ServiceMonitors against what the roles really expose.
 *
 * <p>The metric names are a STATIC LIST copied from the *Metrics.java binding classes of branch {@code ops}
 * (commit 74087ab: EdgeMetrics, IngestMetrics, WorkerMetrics, DeliveryMetrics through RoleMetrics), not
 * collected from running roles: once that branch is merged, replace it by the names a registry holds after
 * each binder's {@code bind}.
 */
class ObservabilityTest {
    /** Counters (exported with _total), gauges (with their unit) and timers (histograms: _bucket/_count/_sum/_max). */
    static final Set<String> REGISTERED = Set.of(
            "cascade_edge_windows_in_total", "cascade_edge_windows_rejected_total", "cascade_edge_decided_locally_total",
            "cascade_edge_idle_total", "cascade_edge_escalations_total", "cascade_edge_local_actions_total",
            "cascade_edge_messages_out_total", "cascade_edge_uplink_messages_total", "cascade_edge_uplink_payload_bytes_total",
            "cascade_edge_uplink_backlog_escalations", "cascade_edge_decision_latency_seconds",
            "cascade_edge_local_action_latency_seconds",
            "cascade_ingest_messages_in_total", "cascade_ingest_messages_out_total", "cascade_ingest_messages_acknowledged_total",
            "cascade_ingest_rejects_total", "cascade_ingest_kafka_retries_total", "cascade_ingest_pending_messages",
            "cascade_infer_escalations_in_total", "cascade_infer_windows_inferred_total", "cascade_infer_batches_total",
            "cascade_infer_commands_out_total", "cascade_infer_alerts_out_total", "cascade_infer_held_back_total",
            "cascade_infer_unconfirmed_total", "cascade_infer_duplicates_total", "cascade_infer_rejects_total",
            "cascade_infer_batch_latency_p50_seconds", "cascade_infer_batch_latency_p99_seconds",
            "cascade_infer_kafka_consumer_lag_records", "cascade_infer_models_loaded",
            "cascade_actuate_commands_in_total", "cascade_actuate_commands_out_total", "cascade_actuate_resends_total",
            "cascade_actuate_acks_in_total", "cascade_actuate_commands_acked_total", "cascade_actuate_commands_failed_total",
            "cascade_actuate_duplicates_skipped_total", "cascade_actuate_rejects_total", "cascade_actuate_pending_commands",
            "cascade_actuate_kafka_consumer_lag_records");
    static final Set<String> TIMERS = Set.of("cascade_edge_decision_latency_seconds", "cascade_edge_local_action_latency_seconds");
    private static final Pattern METRIC = Pattern.compile("\\bcascade_[a-z0-9_]+");
    private static final Path OBS = Path.of("observability");

    @Test
    void dashboard_usesOnlyMetricsTheRolesRegister() throws IOException {
        Set<String> used = metricsIn(dashboard());

        assertThat(used).isNotEmpty();
        assertThat(used).allSatisfy(name -> assertThat(REGISTERED).as("registered metric for " + name).contains(base(name)));
    }

    @Test
    void dashboard_readsTimersOnlyThroughTheirHistogramSeries() throws IOException {
        for (String name : metricsIn(dashboard())) {
            if (TIMERS.contains(base(name))) {
                assertThat(name).endsWith("_bucket");
            }
        }
    }

    @Test
    void dashboard_hasAPanelForEveryAskedView() throws IOException {
        List<String> titles = new ArrayList<>();
        dashboard().path("panels").forEach(p -> titles.add(p.path("title").asText()));

        assertThat(titles).contains("Windows and messages per second", "Edge decision latency", "Cloud batch latency",
                "Escalation rate", "Batch size", "Consumer lag", "Rejects by reason", "Command states", "Verdicts", "Queues");
        assertThat(metricsIn(dashboard()).stream().map(ObservabilityTest::base).toList())
                .contains("cascade_edge_uplink_backlog_escalations", "cascade_infer_kafka_consumer_lag_records",
                        "cascade_ingest_rejects_total", "cascade_actuate_commands_failed_total", "cascade_infer_alerts_out_total");
    }

    @Test
    void dashboard_panelsHaveUniqueIdsAndAPrometheusDatasource() throws IOException {
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : dashboard().path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("unique id " + p.path("id")).isTrue();
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.at("/datasource/uid").asText()).as(p.path("title").asText()).isEqualTo("${datasource}");
            }
        }
    }

    @Test
    void prometheusLocalJob_scrapesEveryRoleOnItsDefaultOpsPort() throws IOException {
        JsonNode config = Kustomization.YAML.readTree(OBS.resolve("prometheus.yml").toFile());
        Map<String, String> targets = new java.util.TreeMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("cascade-local")) {
                job.path("static_configs").forEach(s -> targets.put(s.at("/labels/role").asText(), s.at("/targets/0").asText()));
            }
        }

        assertThat(targets).containsExactlyInAnyOrderEntriesOf(Map.of("edge", "127.0.0.1:9401", "ingest", "127.0.0.1:9402",
                "infer", "127.0.0.1:9403", "actuate", "127.0.0.1:9404", "dashboard", "127.0.0.1:9405"));
    }

    @Test
    void serviceMonitors_selectEveryCascadeServiceOnItsOpsPort() {
        Manifests cluster = Manifests.render(ManifestsTest.K8S.resolve("overlays/gpu"));
        List<GenericKubernetesResource> monitors = Manifests.of(Kustomization.documents(OBS.resolve("k8s/servicemonitors.yaml"))).custom();
        Set<String> monitored = new TreeSet<>();

        for (GenericKubernetesResource sm : monitors) {
            assertThat(sm.getMetadata().getNamespace()).isEqualTo("cascade");
            Map<String, Object> spec = sm.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) ((Map<?, ?>) spec.get("selector")).get("matchLabels");
            Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) spec.get("endpoints")).get(0);
            List<Service> hits = cluster.services().stream().filter(s -> s.getMetadata().getLabels() != null
                    && s.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())).toList();
            assertThat(hits).as("services selected by " + sm.getMetadata().getName()).isNotEmpty();
            for (Service s : hits) {
                assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).contains(String.valueOf(endpoint.get("port")));
                monitored.add(s.getMetadata().getName());
            }
            assertThat(endpoint.get("path")).isEqualTo("/metrics");
        }
        assertThat(monitored).containsExactlyInAnyOrder("cascade-ingest-headless", "cascade-infer", "cascade-infer-gpu",
                "cascade-actuate", "cascade-dashboard");
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(OBS.resolve("grafana-cascade.json")));
    }

    private static Set<String> metricsIn(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode p : dashboard.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                Matcher m = METRIC.matcher(t.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /** The registered name behind an exported series: histogram suffixes removed. */
    private static String base(String series) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
            if (series.endsWith(suffix) && TIMERS.contains(series.substring(0, series.length() - suffix.length()))) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }
}
