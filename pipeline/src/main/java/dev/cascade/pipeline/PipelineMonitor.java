package dev.cascade.pipeline;

import dev.cascade.edge.EdgeObserver;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Headers;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.ConsumerThread;
import dev.cascade.transport.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pipeline from the outside: which escalations the edge sent (as an {@link EdgeObserver}) and
 * what reached Kafka (escalations, results, commands, acknowledgements, alerts, dead letters), and the
 * end-to-end latency from a sensor's send time to the actuator's acknowledgement. Windows are accounted per
 * id in a {@link WindowLedger}; acknowledgements count only for commands seen issued (on the commands topic,
 * or by the edge), each command once. Thread-safe; must be closed.
 */
public final class PipelineMonitor implements EdgeObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineMonitor.class);
    private static final long MAX_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final ConsumerThread thread;

    private final Set<String> escalationsSent = ConcurrentHashMap.newKeySet();
    private final Set<String> escalationsInKafka = new HashSet<>();
    private final LongAdder escalationRecords = new LongAdder();
    private final LongAdder results = new LongAdder();
    private final LongAdder commands = new LongAdder();
    private final LongAdder alerts = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final Map<AckStatus, LongAdder> acks = new EnumMap<>(AckStatus.class);
    private final Map<CommandOrigin, LongAdder> acksByOrigin = new EnumMap<>(CommandOrigin.class);
    private final Recorder cloudLatency = new Recorder(MAX_MICROS, 3);
    private final Recorder edgeLatency = new Recorder(MAX_MICROS, 3);
    private final Recorder verdictLatency = new Recorder(MAX_MICROS, 3);
    private final Histogram verdictTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram cloudTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram edgeTotal = new Histogram(MAX_MICROS, 3);
    private Histogram cloudInterval = new Histogram(MAX_MICROS, 3);
    private final List<LatencyListener> listeners = new CopyOnWriteArrayList<>();
    private final WindowLedger ledger = new WindowLedger();
    private final boolean edgeActsLocally;
    /** Commands seen issued; acknowledgements of others wait here until their command shows up. Guarded by itself. */
    private final Set<String> commandsIssued = new HashSet<>();
    private final Map<String, CommandAck> acksWaiting = new java.util.HashMap<>();
    private final Set<String> commandsAcked = ConcurrentHashMap.newKeySet();

    /** The latencies the monitor measures. */
    public enum LatencyKind {
        /** Sensor send to the actuator's acknowledgement of a command the cloud decided. */
        CLOUD_ACK,
        /** Sensor send to the actuator's acknowledgement of a command the edge decided. */
        EDGE_ACK,
        /** Sensor send to the edge deciding to act (the command's issue time). */
        EDGE_ACTION,
        /** Sensor send to the cloud's verdict on an escalated window. */
        VERDICT
    }

    /**
     * Hears each latency sample as the monitor measures it (for benchmarks). Called on the monitor's and the
     * edge's threads: must be fast and must not throw.
     */
    @FunctionalInterface
    public interface LatencyListener {
        /**
         * @param kind which latency
         * @param windowSentAt when the causing window left the sensor
         * @param at when the measured event happened (acknowledged, decided, inferred)
         */
        void onLatency(LatencyKind kind, Instant windowSentAt, Instant at);
    }

    public PipelineMonitor(KafkaSettings settings, Topics topics) {
        this(settings, topics, true);
    }

    /** {@code edgeActsLocally}: whether windows the edge finds confidently anomalous are decided there. */
    public PipelineMonitor(KafkaSettings settings, Topics topics, boolean edgeActsLocally) {
        this.edgeActsLocally = edgeActsLocally;
        for (AckStatus s : AckStatus.values()) {
            acks.put(s, new LongAdder());
        }
        for (CommandOrigin o : CommandOrigin.values()) {
            acksByOrigin.put(o, new LongAdder());
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-monitor");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // cloud-infer writes in transactions
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (Channel c : List.of(Channel.ESCALATIONS, Channel.RESULTS, Channel.COMMANDS, Channel.ACKS, Channel.ALERTS,
                Channel.DEAD_LETTER)) {
            String t = topics.kafka(c);
            channels.put(t, c);
            for (PartitionInfo pi : consumer.partitionsFor(t, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(t, pi.partition()));
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        for (TopicPartition tp : parts) {
            consumer.position(tp);
        }
        this.thread = ConsumerThread.startDaemon("cascade-monitor", consumer, this::pollOnce, log,
                "pipeline monitor stopped");
    }

    /** Adds a listener that hears every latency sample from now on. */
    public void addLatencyListener(LatencyListener listener) {
        listeners.add(listener);
    }

    private void publish(LatencyKind kind, Instant windowSentAt, Instant at) {
        for (LatencyListener l : listeners) {
            l.onLatency(kind, windowSentAt, at);
        }
    }

    /** The ledger of windows sent, to be fed the simulated devices' sends ({@link WindowLedger#sent}). */
    public WindowLedger ledger() {
        return ledger;
    }

    @Override
    public void onDecision(dev.cascade.protocol.window.SensorWindow window, float score,
                           dev.cascade.edge.decide.Decision decision) {
        if (decision == dev.cascade.edge.decide.Decision.NORMAL
                || (decision == dev.cascade.edge.decide.Decision.ACT && edgeActsLocally)) {
            ledger.decidedAtEdge(window.correlationId().value());
        }
    }

    @Override
    public void onLocalAction(Command command) {
        issued(command.commandId().toString());
        publish(LatencyKind.EDGE_ACTION, command.header().windowSentAt(), command.header().issuedAt());
    }

    @Override
    public void onEscalationSent(Escalation escalation) {
        escalationsSent.add(escalation.window().correlationId().value());
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            handle(r);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        Channel c = channels.get(r.topic());
        switch (c) {
            case ESCALATIONS -> {
                escalationRecords.increment();
                Header h = r.headers().lastHeader(Headers.CORRELATION_ID);
                if (h != null) {
                    String id = new String(h.value(), StandardCharsets.UTF_8);
                    synchronized (escalationsInKafka) {
                        escalationsInKafka.add(id);
                    }
                    ledger.inKafka(id);
                }
            }
            case RESULTS -> {
                results.increment();
                Decoded<InferenceResult> d = Codecs.inferenceResult().decode(r.value());
                if (d.isAccepted()) {
                    InferenceResult res = d.orElseThrow();
                    long micros = Duration.between(res.windowSentAt(), res.inferredAt()).toNanos() / 1000;
                    if (micros >= 0 && micros <= MAX_MICROS) {
                        verdictLatency.recordValue(micros);
                    }
                    publish(LatencyKind.VERDICT, res.windowSentAt(), res.inferredAt());
                }
            }
            case COMMANDS -> {
                commands.increment();
                Decoded<Command> d = Codecs.command().decode(r.value());
                if (d.isAccepted()) {
                    issued(d.orElseThrow().commandId().toString());
                }
            }
            case ALERTS -> alerts.increment();
            case DEAD_LETTER -> deadLetters.increment();
            case ACKS -> {
                Decoded<CommandAck> d = Codecs.commandAck().decode(r.value());
                if (d.isAccepted()) {
                    CommandAck a = d.orElseThrow();
                    String id = a.commandId().toString();
                    synchronized (commandsIssued) {
                        if (!commandsIssued.contains(id)) {
                            acksWaiting.put(id + "/" + a.status().id() + "/" + a.ackedAt(), a);
                            return;
                        }
                    }
                    countAck(a);
                }
            }
            default -> { }
        }
    }

    private void issued(String commandId) {
        List<CommandAck> ready = new ArrayList<>();
        synchronized (commandsIssued) {
            if (!commandsIssued.add(commandId)) {
                return;
            }
            acksWaiting.entrySet().removeIf(e -> {
                if (e.getValue().commandId().toString().equals(commandId)) {
                    ready.add(e.getValue());
                    return true;
                }
                return false;
            });
        }
        ready.forEach(this::countAck);
    }

    /** Counts an acknowledgement of an issued command; its latency once per command. */
    private void countAck(CommandAck a) {
        acks.get(a.status()).increment();
        acksByOrigin.get(a.origin()).increment();
        boolean first = a.status().success() && commandsAcked.add(a.commandId().toString());
        long micros = Duration.between(a.windowSentAt(), a.ackedAt()).toNanos() / 1000;
        if (first && micros >= 0 && micros <= MAX_MICROS) {
            (a.origin() == CommandOrigin.EDGE ? edgeLatency : cloudLatency).recordValue(micros);
        }
        if (first) {
            publish(a.origin() == CommandOrigin.EDGE ? LatencyKind.EDGE_ACK : LatencyKind.CLOUD_ACK, a.windowSentAt(),
                    a.ackedAt());
        }
    }

    /** Everything measured so far. Call from one thread at a time (it folds the latency intervals). */
    public synchronized Snapshot snapshot() {
        Histogram ci = cloudLatency.getIntervalHistogram();
        cloudTotal.add(ci);
        cloudInterval = ci;
        edgeTotal.add(edgeLatency.getIntervalHistogram());
        Histogram vi = verdictLatency.getIntervalHistogram();
        verdictTotal.add(vi);
        int inKafka;
        int missing = 0;
        synchronized (escalationsInKafka) {
            inKafka = escalationsInKafka.size();
            for (String id : escalationsSent) {
                if (!escalationsInKafka.contains(id)) {
                    missing++;
                }
            }
        }
        Map<AckStatus, Long> a = new EnumMap<>(AckStatus.class);
        acks.forEach((k, v) -> a.put(k, v.sum()));
        Map<CommandOrigin, Long> o = new EnumMap<>(CommandOrigin.class);
        acksByOrigin.forEach((k, v) -> o.put(k, v.sum()));
        long unknownAcks;
        synchronized (commandsIssued) {
            unknownAcks = acksWaiting.size();
        }
        return new Snapshot(escalationsSent.size(), inKafka, escalationRecords.sum(), missing, results.sum(), commands.sum(),
                a, o, alerts.sum(), deadLetters.sum(), Latency.of(cloudTotal), Latency.of(ci), Latency.of(edgeTotal),
                Latency.of(verdictTotal), Latency.of(vi), commandsAcked.size(), unknownAcks, ledger.counts());
    }

    /** Latency percentiles in milliseconds over a set of acknowledgements. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
        static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        }
    }

    /**
     * @param escalationsSent distinct escalations the cloud broker acknowledged to the edge
     * @param escalationsInKafka distinct escalations (by correlation id) seen on the Kafka topic
     * @param escalationRecords escalation records on Kafka, duplicates included
     * @param escalationsMissing escalations the edge sent that are not (yet) on Kafka
     * @param results inference results on Kafka
     * @param commands commands on Kafka (issued by the cloud)
     * @param acks acknowledgements on Kafka by status
     * @param acksByOrigin acknowledgements by who decided the command
     * @param alerts alerts on Kafka
     * @param deadLetters records on the dead-letter topic
     * @param cloudLatency sensor-to-acknowledgement latency of cloud-decided commands, since the start
     * @param cloudLatencyInterval the same, since the previous snapshot
     * @param edgeLatency sensor-to-acknowledgement latency of edge-decided commands, since the start
     * @param verdictLatency sensor-to-cloud-verdict latency of escalated windows, since the start
     * @param verdictLatencyInterval the same, since the previous snapshot
     * @param commandsAcked distinct issued commands acknowledged with success
     * @param acksUnknown acknowledgements on Kafka of commands never seen issued (not counted anywhere else)
     * @param windows the ledger of the windows the simulated devices sent
     */
    public record Snapshot(long escalationsSent, long escalationsInKafka, long escalationRecords, long escalationsMissing,
                           long results, long commands, Map<AckStatus, Long> acks, Map<CommandOrigin, Long> acksByOrigin,
                           long alerts, long deadLetters, Latency cloudLatency, Latency cloudLatencyInterval,
                           Latency edgeLatency, Latency verdictLatency, Latency verdictLatencyInterval,
                           long commandsAcked, long acksUnknown, WindowLedger.Counts windows) {
        public long acksTotal() {
            long t = 0;
            for (long v : acks.values()) {
                t += v;
            }
            return t;
        }

        /** Distinct issued commands acknowledged with success. */
        public long acked() {
            return commandsAcked;
        }
    }

    @Override
    public void close() {
        thread.close();
    }
}
