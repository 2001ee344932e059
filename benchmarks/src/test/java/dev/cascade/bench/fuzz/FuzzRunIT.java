package dev.cascade.bench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@WithBrokers
class FuzzRunIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void malformedAndExtremePayloads_mixedWithValidTraffic_crashNoWorker_andAreEachRefusedByReason(TestBrokers brokers)
            throws Exception {
        FuzzRun.Result r = FuzzRun.run(brokers.mqttUri(), brokers.kafkaBootstrap(), brokers.newTopics(),
                TestModels.latest("vibration-anomaly-edge"), 4000, 7, Duration.ofHours(1), Duration.ofMinutes(3));

        // zero crashed workers
        assertThat(r.edgeProblems()).isEmpty();
        assertThat(r.edge().workerRestarts()).isZero();
        // every window received and either decided or refused; every valid window decided
        assertThat(r.edge().windows()).isEqualTo(r.windows());
        assertThat(r.decisions() + r.edge().rejected()).isEqualTo(r.windows());
        assertThat(r.windowsMade().get(Category.VALID)).isGreaterThan(1000);
        assertThat(r.validDecided()).isEqualTo(r.windowsMade().get(Category.VALID));
        // every refusal counted by reason: at least the certain ones, the rest from random/truncated/flipped payloads
        Map<RejectReason, Long> byReason = r.edge().rejectedByReason();
        r.expectedEdgeRefusals().forEach((reason, n) ->
                assertThat(byReason.get(reason)).as("edge refusals for %s", reason).isGreaterThanOrEqualTo(n));
        // (bit flips may land in any field, so saturated, stale, replayed etc. may exceed their categories' counts)
        assertThat(byReason.get(RejectReason.INTERNAL_ERROR)).isZero();
        assertThat(byReason.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.edge().rejected());
        long uncertain = r.windowsMade().get(Category.RANDOM_BYTES) + r.windowsMade().get(Category.TRUNCATED)
                + r.windowsMade().get(Category.BIT_FLIP);
        assertThat(r.unexpectedEdgeRefusals())
                .isBetween(r.windowsMade().get(Category.RANDOM_BYTES) + r.windowsMade().get(Category.TRUNCATED), uncertain);
        // ingest: every escalation payload read, acknowledged, and either written or refused with a reason
        // (ingest also reads the edge agent's own escalations: it uplinks to the same broker)
        assertThat(r.ingest().received()).as("%s", r.ingest()).isEqualTo(r.escalations() + r.edge().uplinkMessages());
        assertThat(r.ingest().acknowledged()).as("%s", r.ingest()).isEqualTo(r.ingest().received());
        assertThat(r.ingestRejections().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(r.ingest().deadLettered());
        assertThat(r.ingest().written()).isGreaterThanOrEqualTo(r.escalationsMade().get(Category.VALID));
        assertThat(r.ingest().written() + r.ingest().deadLettered()).as("%s", r.ingest()).isEqualTo(r.ingest().received());
    }
}
