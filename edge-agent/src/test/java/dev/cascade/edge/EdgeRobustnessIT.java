package dev.cascade.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.guard.SampleLimits;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.factory.Fault;
import dev.cascade.sim.factory.FaultType;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.testkit.MqttProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.TestModels;
import dev.cascade.testkit.WithBrokers;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 9 cases against the real broker: each used to kill the worker or make the edge act on a bad window. */
@WithBrokers
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeRobustnessIT {
    private static final int VALUES = 1024;

    private static EdgeConfig config(TestBrokers brokers, Topics topics) {
        return EdgeConfig.of(DeviceId.of("gw-1"), brokers.mqttUri(), topics,
                        Map.of(SensorKind.VIBRATION, TestModels.latest("vibration-anomaly-edge")))
                .withPolicy(EscalationPolicy.defaults().withAuditRate(0));
    }

    private static byte[] window(String device, long seq, Instant sentAt, float[] samples) {
        return Codecs.sensorWindow().encode(new SensorWindow(DeviceId.of(device), SensorKind.VIBRATION, 8192, sentAt, seq,
                CorrelationId.random(), sentAt, Samples.of(samples)));
    }

    private static float[] faulty() {
        Machine m = new Machine(MachineSpec.defaults(), 8);
        m.inject(Fault.of(FaultType.BEARING_OUTER, 1.0));
        return m.nextWindow();
    }

    /** Counts decisions, so a test can wait until a later window was decided (one worker: in order). */
    private static final class Decisions implements EdgeObserver {
        final LongAdder n = new LongAdder();

        @Override
        public void onDecision(SensorWindow window, float score, Decision decision) {
            n.increment();
        }
    }

    private static void awaitHandled(EdgeAgent agent, Decisions d, long n) throws InterruptedException {
        while (d.n.sum() + agent.stats().rejected() < n) {
            Thread.sleep(10);
        }
    }

    @Test
    void windowOfLargeFiniteSamples_withoutLimits_isRefusedAsNonFinite_actsOnNothing_andTheWorkerGoesOn(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        Decisions d = new Decisions();
        float[] huge = new float[VALUES];
        Arrays.fill(huge, 1e20f);
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics).withLimits(SampleLimits.none()), InstantSource.system(), d);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-huge")), window("m-huge", 0, Instant.now(), huge));
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-ok")),
                    window("m-ok", 0, Instant.now(), new Machine(MachineSpec.defaults(), 7).nextWindow()));
            awaitHandled(agent, d, 2);

            EdgeStats s = agent.stats();
            assertThat(s.rejectedByReason()).containsEntry(RejectReason.NON_FINITE, 1L);
            assertThat(s.rejected()).isEqualTo(1);
            assertThat(d.n.sum()).isEqualTo(1);
            assertThat(s.localActions()).isZero();
            assertThat(s.escalatedTotal()).isZero();
            assertThat(s.workerRestarts()).isZero();
            assertThat(agent.problems()).isEmpty();
        }
    }

    @Test
    void windowOfLargeFiniteSamples_withDefaultLimits_isRefusedAsSaturated(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Decisions d = new Decisions();
        float[] huge = new float[VALUES];
        Arrays.fill(huge, 1e20f);
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system(), d);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-huge")), window("m-huge", 0, Instant.now(), huge));
            awaitHandled(agent, d, 1);

            assertThat(agent.stats().rejectedByReason()).containsEntry(RejectReason.SATURATED, 1L);
            assertThat(agent.stats().localActions()).isZero();
        }
    }

    @Test
    void faultyWindow_namingAnotherDevice_orTwentyMinutesOld_orReplayed_isNotActedOn(TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        Decisions d = new Decisions();
        float[] fault = faulty();
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system(), d);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            Instant now = Instant.now();
            // m-2 speaks for m-bad: the edge must not stop m-bad
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-2")), window("m-bad", 0, now, fault));
            // captured twenty minutes ago
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-bad")),
                    window("m-bad", 1, now.minus(Duration.ofMinutes(20)), fault));
            // from ten minutes in the future
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-bad")),
                    window("m-bad", 2, now.plus(Duration.ofMinutes(10)), fault));
            awaitHandled(agent, d, 3);
            assertThat(agent.stats().localActions()).isZero();

            // a real one is acted on, and the same bytes again are a replay
            byte[] real = window("m-bad", 3, Instant.now(), fault);
            String topic = topics.mqtt(Channel.WINDOWS, DeviceId.of("m-bad"));
            sensors.publish(topic, real);
            sensors.publish(topic, real);
            awaitHandled(agent, d, 5);
            // the decision is observed before the command is carried out and counted
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (agent.stats().localActions() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            EdgeStats s = agent.stats();
            assertThat(s.rejectedByReason()).containsEntry(RejectReason.FOREIGN_DEVICE, 1L)
                    .containsEntry(RejectReason.STALE, 2L).containsEntry(RejectReason.REPLAYED, 1L);
            assertThat(s.rejected()).isEqualTo(4);
            assertThat(d.n.sum()).isEqualTo(1);
            assertThat(s.localActions()).isEqualTo(1);
        }
    }

    @Test
    void recordThatBreaksTheWorker_isCountedAsInternalError_andTheWorkerIsRestartedAndGoesOn(TestBrokers brokers)
            throws Exception {
        Topics topics = brokers.newTopics();
        AtomicBoolean failOnce = new AtomicBoolean(true);
        AtomicBoolean throwOnce = new AtomicBoolean(true);
        Decisions d = new Decisions();
        EdgeObserver breaking = new EdgeObserver() {
            @Override
            public void onDecision(SensorWindow window, float score, Decision decision) {
                if (window.deviceId().value().equals("m-exception") && throwOnce.getAndSet(false)) {
                    throw new IllegalStateException("observer bug");
                }
                if (window.deviceId().value().equals("m-error") && failOnce.getAndSet(false)) {
                    throw new StackOverflowError("simulated runtime failure");
                }
                d.onDecision(window, score, decision);
            }
        };
        Machine healthy = new Machine(MachineSpec.defaults(), 7);
        try (EdgeAgent agent = EdgeAgent.start(config(brokers, topics), InstantSource.system(), breaking);
             MqttProbe sensors = new MqttProbe(brokers.mqttSettings("sensors"))) {
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-exception")),
                    window("m-exception", 0, Instant.now(), healthy.nextWindow()));
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-error")),
                    window("m-error", 0, Instant.now(), healthy.nextWindow()));
            sensors.publish(topics.mqtt(Channel.WINDOWS, DeviceId.of("m-ok")),
                    window("m-ok", 0, Instant.now(), healthy.nextWindow()));
            awaitHandled(agent, d, 3);

            EdgeStats s = agent.stats();
            assertThat(s.rejectedByReason()).containsEntry(RejectReason.INTERNAL_ERROR, 2L);
            assertThat(s.workerRestarts()).isEqualTo(1);
            assertThat(d.n.sum()).isEqualTo(1);
            assertThat(agent.problems()).isEmpty();
        }
    }
}
