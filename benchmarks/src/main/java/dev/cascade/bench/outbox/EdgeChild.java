package dev.cascade.bench.outbox;

import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.EdgeObserver;
import dev.cascade.edge.EdgeStats;
import dev.cascade.edge.action.IrrigationPolicy;
import dev.cascade.edge.decide.Decision;
import dev.cascade.edge.decide.EscalationPolicy;
import dev.cascade.edge.guard.Freshness;
import dev.cascade.edge.guard.SampleLimits;
import dev.cascade.edge.outbox.FsyncPolicy;
import dev.cascade.edge.outbox.OutboxOptions;
import dev.cascade.edge.outbox.OutboxStats;
import dev.cascade.edge.uplink.BatchPolicy;
import dev.cascade.edge.uplink.UplinkOptions;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.transport.mqtt.MqttSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * An edge agent as its own process, for the outbox soak and its test (so that it can be killed with SIGKILL):
 * vibration windows from {@code sensorsUri}, uplink to {@code uplinkUri}, a durable outbox in {@code outboxDir}.
 * Writes the correlation id of every window it decides to escalate (uncertain or acted on) to
 * {@code ledgerFile} before the escalation is appended, prints {@code READY}, then a {@code STATS} line every
 * 200 ms; stops cleanly on a {@code stop} line on its input.
 *
 * <p>Arguments: sensorsUri uplinkUri namespace gatewayId modelDir outboxDir ledgerFile batchSize batchAgeMs deflate
 */
public final class EdgeChild {
    private EdgeChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: EdgeChild sensorsUri uplinkUri namespace gatewayId modelDir outboxDir ledgerFile"
                    + " batchSize batchAgeMs deflate");
            System.exit(2);
        }
        DeviceId gw = DeviceId.of(args[3]);
        UplinkOptions uplink = UplinkOptions.immediate().withDeflate(Boolean.parseBoolean(args[9]));
        int batch = Integer.parseInt(args[7]);
        if (batch > 1) {
            uplink = uplink.withKind(SensorKind.VIBRATION, new BatchPolicy(batch, 256 << 10,
                    Duration.ofMillis(Long.parseLong(args[8]))));
        }
        OutboxOptions outbox = new OutboxOptions(Path.of(args[5]), 64L << 20, 4L << 20, 4 << 20,
                FsyncPolicy.every(Duration.ofMillis(100)));
        EdgeConfig config = new EdgeConfig(gw, MqttSettings.of(args[0], gw + "-sensors"), MqttSettings.of(args[1], gw + "-uplink"),
                new Topics(args[2]), Map.of(SensorKind.VIBRATION, Path.of(args[4])), Optional.empty(),
                EscalationPolicy.defaults().withAuditRate(0), uplink, 1, Duration.ofSeconds(30), IrrigationPolicy.defaults(),
                Duration.ZERO, SampleLimits.defaults(), Freshness.defaults(), Optional.of(outbox));
        try (FileChannel ledger = FileChannel.open(Path.of(args[6]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             EdgeAgent agent = EdgeAgent.start(config, InstantSource.system(), LEDGER.open(ledger))) {
            System.out.println("READY");
            System.out.flush();
            Thread stats = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    print(agent);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cascade-bench-edge-stats");
            stats.setDaemon(true);
            stats.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.strip().equals("stop"); line = in.readLine()) {
                // wait for stop
            }
            stats.interrupt();
        }
        System.out.println("STOPPED");
        System.out.flush();
    }

    private static final Ledger LEDGER = new Ledger();

    private static void print(EdgeAgent agent) {
        EdgeStats s = agent.stats();
        OutboxStats o = agent.outboxStats();
        System.out.println("STATS windows=" + s.windows() + " localActions=" + s.localActions() + " escalated="
                + s.escalatedTotal() + " sent=" + s.uplinkSent() + " messages=" + s.uplinkMessages() + " bytes=" + s.uplinkBytes()
                + " backlog=" + o.backlogItems() + " appended=" + OutboxStats.total(o.appended()) + " refused="
                + OutboxStats.total(o.refused()) + " writeFailed=" + OutboxStats.total(o.writeFailed()) + " tornTails="
                + o.tornTails() + " shed=" + agent.windowsShed() + " connected=" + agent.uplinkConnected() + " handled="
                + (LEDGER.decisions.sum() + s.rejected()) + " rejected=" + s.rejected());
        System.out.flush();
    }

    /** Writes the ids of windows about to be escalated (an unforced write: it survives SIGKILL, as the outbox does). */
    private static final class Ledger implements EdgeObserver {
        final java.util.concurrent.atomic.LongAdder decisions = new java.util.concurrent.atomic.LongAdder();
        FileChannel file;

        Ledger open(FileChannel f) {
            this.file = f;
            return this;
        }

        @Override
        public void onDecision(SensorWindow window, float score, Decision decision) {
            decisions.increment();
            if (decision == Decision.NORMAL) {
                return;
            }
            try {
                synchronized (this) {
                    file.write(ByteBuffer.wrap((window.correlationId().value() + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
