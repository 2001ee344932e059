package dev.cascade.bench.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge agent as its own process loses its uplink, keeps acting locally, is killed with SIGKILL and started
 * again while the link is still down; once the link is back every escalation it decided reaches Kafka through
 * the real ingest bridge (deflated batches), counted by distinct correlation id.
 */
@WithBrokers
class OutboxKillRestartIT {
    @TempDir
    Path dir;

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void uplinkCut_agentKilledAndRestarted_everyEscalationReachesKafkaOnce_andLocalActionsGoOn(TestBrokers brokers)
            throws Exception {
        SoakSettings s = new SoakSettings(6, 0.5, 10, Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(4),
                Duration.ofSeconds(40), 32, Duration.ofMillis(500), true, "32m", dir,
                TestModels.latest("vibration-anomaly-edge"));
        SoakResult r = new OutboxSoak(s, brokers.mqttUri(), brokers.kafkaBootstrap(), classPath(), System.out::println).run();
        System.out.println(r);
        System.out.println(java.nio.file.Files.readString(dir.resolve("edge.log")));

        assertThat(r.escalationsDecided()).as("the faulty half of the fleet is escalated").isGreaterThan(10);
        assertThat(r.missing()).as("escalations decided but not on Kafka").isZero();
        assertThat(r.kafkaDistinct()).as("distinct escalations on Kafka").isEqualTo(r.escalationsDecided());
        assertThat(r.heldAfterKill()).as("the restarted agent found the outage's escalations in its outbox").isPositive();
        assertThat(r.actionsBefore()).as("local actions with the link up").isPositive();
        assertThat(r.actionsOutage()).as("local actions while the uplink was cut").isPositive();
        assertThat(r.actionsAfter()).as("local actions once the link was back").isPositive();
        // Every window of a faulty machine (half the fleet) is acted on locally (cooldown 0), link or no link.
        long received = r.windows() - r.windowsWhileEdgeDown();
        assertThat(r.actionsBefore() + r.actionsOutage()).as("local actions, of " + received + " windows received")
                .isGreaterThanOrEqualTo(received / 2 - 6);
        assertThat(r.uplinkBytes()).as("uplink bytes vs every window").isLessThan(r.everyWindowBytes());
    }
}
