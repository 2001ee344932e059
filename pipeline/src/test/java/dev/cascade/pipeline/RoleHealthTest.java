package dev.cascade.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RoleHealthTest {

    @Test
    void problems_nameTheRoleOfEachDeadWorker_inOrder() {
        Map<String, Supplier<List<String>>> checks = new LinkedHashMap<>();
        checks.put("ingest", () -> List.of("ingest ingest-1: Kafka writer thread cascade-ingest-writer-ingest-1 died"));
        checks.put("actuators", List::of);
        checks.put("cloud-infer", () -> List.of("worker 0 died", "worker 1 died"));

        assertThat(new RoleHealth(checks).problems()).containsExactly(
                "ingest: ingest ingest-1: Kafka writer thread cascade-ingest-writer-ingest-1 died",
                "cloud-infer: worker 0 died", "cloud-infer: worker 1 died");
    }

    @Test
    void problems_ofAFailingCheck_isAProblemOfItsRole() {
        Map<String, Supplier<List<String>>> checks = new LinkedHashMap<>();
        checks.put("edge", () -> {
            throw new IllegalStateException("closed");
        });

        assertThat(new RoleHealth(checks).problems())
                .containsExactly("edge: health check failed: java.lang.IllegalStateException: closed");
    }

    @Test
    void problems_ofHealthyRoles_isEmpty() {
        assertThat(new RoleHealth(Map.of("ingest", List::of)).problems()).isEmpty();
    }
}
