package dev.cascade.edge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.decide.EscalationPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteConfigTest {
    private static final RemoteSettings BASE = new RemoteSettings("", EscalationPolicy.defaults(), Optional.empty());

    private final List<RemoteSettings> applied = new ArrayList<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void valid_isApplied_keepingWhatItLeavesOut() {
        RemoteConfig rc = new RemoteConfig(BASE, Optional.empty(), applied::add);

        Optional<String> r = rc.offer(bytes("{\"edge\": {\"version\": \"site-7\", \"policy\": {\"anomaly-high\": 3.5,"
                + " \"act-locally\": false}, \"irrigation\": {\"below-pct\": 28}}}"));

        assertThat(r).isEmpty();
        assertThat(rc.current().version()).isEqualTo("site-7");
        assertThat(rc.current().policy()).isEqualTo(new EscalationPolicy(0.9, 3.5, 0.75, 0.01, false, 0.01));
        assertThat(rc.current().irrigationBelowPct()).contains(28.0);
        assertThat(applied).containsExactly(rc.current());
        assertThat(rc.lastRefusal()).isEmpty();
    }

    @Test
    void invalid_isRefusedNamingEveryWrongKey_andChangesNothing() {
        RemoteConfig rc = new RemoteConfig(BASE, Optional.empty(), applied::add);

        Optional<String> r = rc.offer(bytes("edge:\n  version: v2\n  policy:\n    anomaly-low: 1.5\n  workers: 4\n"));

        assertThat(r).contains("edge.policy.anomaly-low must be in [1.0E-9, 1.0], was 1.5; edge.workers is not a known"
                + " setting (known here: irrigation, policy, version)");
        assertThat(rc.current()).isEqualTo(BASE);
        assertThat(rc.lastRefusal()).isEqualTo(r.get());
        assertThat(rc.refused()).isEqualTo(1);
        assertThat(applied).isEmpty();
    }

    @Test
    void applied_isKeptInItsFile_andInForceAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/remote-config.yaml");
        RemoteConfig first = new RemoteConfig(BASE, Optional.of(file), s -> {});
        first.offer(bytes("edge: {version: v3, policy: {audit-rate: 0.05}}"));
        assertThat(Files.readString(file)).isEqualTo("edge: {version: v3, policy: {audit-rate: 0.05}}");

        RemoteConfig restarted = new RemoteConfig(BASE, Optional.of(file), applied::add);

        assertThat(restarted.current().version()).isEqualTo("v3");
        assertThat(restarted.current().policy().auditRate()).isEqualTo(0.05);
        assertThat(applied).containsExactly(restarted.current());
    }
}
