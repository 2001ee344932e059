package dev.cascade.bench.edge;

import dev.cascade.testkit.process.MosquittoProcess;
import dev.cascade.edge.DeviceOptions;
import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.EdgeObserver;
import dev.cascade.edge.EdgeStats;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.health.SystemProbe;
import dev.cascade.edge.sensor.SensorAdapter;
import dev.cascade.edge.sensor.WindowSink;
import dev.cascade.protocol.codec.Codecs;
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
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import dev.cascade.protocol.command.Command;

/**
 * {@code cascade bench edge}: one edge agent in this JVM fed by simulated machines at a set rate, either through an
 * in-process {@link SensorAdapter} (no broker hop, as a sensor wired to a Pi) or over the local MQTT broker (a
 * mosquitto child process, so the broker's CPU is not this process's); the agent's uplink and its own commands go to
 * that mosquitto. Reports the agent's CPU share of one core (the process's CPU time less the load generator's
 * thread), resident memory, heap, and sensor-to-local-action latency (window sent to the edge's own command issued)
 * over the measured phase after a warm-up. Run the JVM with {@code -Xmx32m} to check the memory target.
 */
public final class EdgeBench {
    /** What one run measured. */
    public record Result(String transport, int sensors, double windowsPerSecond, double seconds, long windows,
                         long decidedLocally, long localActions, long rejected, long escalated,
                         double agentCpuShareOfOneCore, double processCpuShareOfOneCore, long residentBytes,
                         long heapUsedBytes, long heapMaxBytes, long localActionP50Micros, long localActionP99Micros,
                         long localActionP999Micros, long localActionMaxMicros, long localActionsMeasured,
                         long actDecisionP50Micros, long actDecisionP99Micros, double loadAverage1m) {}

    private EdgeBench() {}

    /**
     * @param mqtt true: windows go over the local broker; false: through the in-process adapter
     * @param faultyShare share of the sensors on a faulty machine (their windows make the edge act)
     */
    public static Result run(Path vibrationModel, Path dir, int sensors, double windowsPerSecond, Duration warmUp,
                             Duration measure, boolean mqtt, double faultyShare, PrintWriter out) throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir, 0, false)) {
            String uri = broker.serverUri();
            Topics topics = new Topics("bench");
            DeviceId gw = DeviceId.of("gw-bench");
            EdgeConfig config = EdgeConfig.of(gw, uri, topics, Map.of(SensorKind.VIBRATION, vibrationModel))
                    .withPolicy(EscalationPolicy.defaults().withAuditRate(0)).withActionCooldown(Duration.ZERO);
            DeviceOptions device = DeviceOptions.defaults().withHeartbeatInterval(Duration.ofSeconds(10));
            ActionLatency latency = new ActionLatency();
            try (EdgeAgent agent = EdgeAgent.start(config, device, InstantSource.system(), latency);
                 MqttConnection sensorsOut = mqtt ? MqttConnection.open(MqttSettings.of(uri, "bench-sensors")) : null) {
                WindowSink sink = mqtt ? w -> sensorsOut.publish(topics.mqtt(Channel.WINDOWS, w.deviceId()),
                        Codecs.sensorWindow().encode(w), 1, PublishOptions.NONE) : agent::accept;
                try (Generator gen = new Generator(sensors, windowsPerSecond, faultyShare)) {
                    gen.start(sink);
                    out.printf("edge bench (%s): %d sensors, %.1f windows/s; warming up %s%n", mqtt ? "mqtt" : "in-process",
                            sensors, windowsPerSecond, warmUp);
                    Thread.sleep(warmUp.toMillis());
                    EdgeStats before = agent.stats();
                    long cpu0 = processCpuNanos();
                    long gen0 = gen.cpuNanos();
                    long wall0 = System.nanoTime();
                    latency.reset();
                    Thread.sleep(measure.toMillis());
                    long wall = System.nanoTime() - wall0;
                    long cpu = processCpuNanos() - cpu0;
                    long genCpu = gen.cpuNanos() - gen0;
                    EdgeStats after = agent.stats();
                    long[] lat = latency.percentilesMicros();
                    SystemProbe probe = new SystemProbe(dir);
                    Runtime rt = Runtime.getRuntime();
                    return new Result(mqtt ? "mqtt" : "in-process", sensors, windowsPerSecond, wall / 1e9,
                            after.windows() - before.windows(), after.decidedLocally() - before.decidedLocally(),
                            after.localActions() - before.localActions(), after.rejected() - before.rejected(),
                            after.escalatedTotal() - before.escalatedTotal(), (cpu - genCpu) / (double) wall,
                            cpu / (double) wall, probe.residentBytes(), probe.heapUsedBytes(), rt.maxMemory(), lat[0],
                            lat[1], lat[2], lat[3], lat[4], lat[5], lat[6],
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Window sent to the edge's own command carried out, recorded on the worker as it returns; and, to tell where the
     * time goes, window sent to the decision to act (queue hand-off, checks, features and the int8 invoke).
     */
    private static final class ActionLatency implements EdgeObserver {
        private final Recorder recorder = new Recorder(3);
        private final Recorder decided = new Recorder(3);

        @Override
        public void onDecision(SensorWindow window, float score, dev.cascade.edge.decide.Decision decision) {
            if (decision == dev.cascade.edge.decide.Decision.ACT) {
                long micros = Duration.between(window.sentAt(), Instant.now()).toNanos() / 1000;
                decided.recordValue(Math.max(0, micros));
            }
        }

        @Override
        public void onLocalAction(Command command) {
            long micros = Duration.between(command.header().windowSentAt(), Instant.now()).toNanos() / 1000;
            recorder.recordValue(Math.max(0, micros));
        }

        void reset() {
            recorder.reset();
            decided.reset();
        }

        /** Local action p50, p99, p99.9, max and count, then decision-to-act p50 and p99, since the last reset. */
        long[] percentilesMicros() {
            Histogram h = recorder.getIntervalHistogram();
            Histogram d = decided.getIntervalHistogram();
            long[] out = new long[7];
            if (h.getTotalCount() > 0) {
                out[0] = h.getValueAtPercentile(50);
                out[1] = h.getValueAtPercentile(99);
                out[2] = h.getValueAtPercentile(99.9);
                out[3] = h.getMaxValue();
                out[4] = h.getTotalCount();
            }
            if (d.getTotalCount() > 0) {
                out[5] = d.getValueAtPercentile(50);
                out[6] = d.getValueAtPercentile(99);
            }
            return out;
        }
    }

    /** Simulated machines' windows at an even total rate, on one thread ({@code cascade-bench-sensors}). */
    private static final class Generator implements SensorAdapter {
        private final int sensors;
        private final double rate;
        private final List<Samples> healthy = new ArrayList<>();
        private final List<Samples> faulty = new ArrayList<>();
        private final boolean[] isFaulty;
        private final long[] sequence;
        private final DeviceId[] ids;
        private volatile boolean running = true;
        private Thread thread;

        Generator(int sensors, double rate, double faultyShare) {
            this.sensors = sensors;
            this.rate = rate;
            Machine ok = new Machine(MachineSpec.defaults(), 11);
            Machine bad = new Machine(MachineSpec.defaults(), 12);
            bad.inject(Fault.of(FaultType.BEARING_OUTER, 1.0));
            for (int i = 0; i < 32; i++) {
                healthy.add(Samples.of(ok.nextWindow()));
                faulty.add(Samples.of(bad.nextWindow()));
            }
            this.isFaulty = new boolean[sensors];
            this.sequence = new long[sensors];
            this.ids = new DeviceId[sensors];
            int faultyEvery = faultyShare <= 0 ? Integer.MAX_VALUE : (int) Math.round(1 / faultyShare);
            for (int i = 0; i < sensors; i++) {
                ids[i] = DeviceId.of(String.format("m-%04d", i));
                isFaulty[i] = i % faultyEvery == 0;
            }
        }

        @Override
        public void start(WindowSink sink) {
            thread = new Thread(() -> loop(sink), "cascade-bench-sensors");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(WindowSink sink) {
            long period = (long) (1e9 / rate);
            long next = System.nanoTime();
            long n = 0;
            while (running) {
                int i = (int) (n % sensors);
                List<Samples> pool = isFaulty[i] ? faulty : healthy;
                Instant now = Instant.now();
                SensorWindow w = new SensorWindow(ids[i], SensorKind.VIBRATION, 8192, now, sequence[i]++,
                        CorrelationId.random(), now, pool.get((int) (n / sensors % pool.size())));
                try {
                    sink.accept(w);
                } catch (InterruptedException e) {
                    return;
                }
                n++;
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }

        long cpuNanos() {
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            long v = t.getThreadCpuTime(thread.getId());
            return Math.max(0, v);
        }

        @Override
        public void close() {
            running = false;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The result as ordered fields, for a JSON report. */
    public static Map<String, Object> asMap(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : Result.class.getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
        return m;
    }
}
