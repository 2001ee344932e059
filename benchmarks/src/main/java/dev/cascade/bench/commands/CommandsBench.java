package dev.cascade.bench.commands;

import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.CommandSignature;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.fleet.Fleet;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetOptions;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import dev.cascade.transport.mqtt.MqttSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code cascade bench commands}: commands produced to Kafka at a fixed rate, delivered by the actuators bridge over
 * MQTT to simulated machines, their acknowledgements read back from Kafka; the latency from the produce call to the
 * acknowledgement read, and from the produce acknowledgement (the command is on Kafka) to the acknowledgement read.
 * In-process brokers on free ports, one JVM. Not thread-safe; call {@link #run} once.
 */
public final class CommandsBench {
    /**
     * What to run.
     *
     * @param rate commands per second
     * @param warmup sent first and not measured
     * @param duration measured
     * @param devices simulated machines the commands are spread over
     * @param signed whether the bridge signs (Ed25519) and the machines verify
     * @param ackConnections the bridge's MQTT connections for acknowledgements
     * @param fateLingerMs the bridge producer's {@code linger.ms}, or -1 for the project's setting
     */
    public record Plan(int rate, Duration warmup, Duration duration, int devices, boolean signed, int ackConnections,
                       int fateLingerMs) {
        public Plan {
            if (fateLingerMs < -1 || fateLingerMs > 1000) {
                throw new IllegalArgumentException("fateLingerMs must be -1 or in [0, 1000], was " + fateLingerMs);
            }
            if (rate < 1 || rate > 20_000) {
                throw new IllegalArgumentException("rate must be in [1, 20000], was " + rate);
            }
            if (devices < 1 || devices > 10_000) {
                throw new IllegalArgumentException("devices must be in [1, 10000], was " + devices);
            }
        }
    }

    /** Percentiles in milliseconds of one latency. */
    public record Latency(double p50, double p90, double p99, double p999, double max, long count) {
        static Latency of(Histogram h) {
            return new Latency(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.getTotalCount());
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** The outcome: both latencies, commands not acknowledged, the load average before and after. */
    public record Result(Plan plan, Latency fromSend, Latency fromOnKafka, long sent, long unacknowledged,
                         String loadBefore, String loadAfter, int cpus) {}

    private CommandsBench() {}

    public static Result run(Plan plan, PrintWriter out) throws InterruptedException {
        String loadBefore = loadAverage();
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults().withPort(0));
             EmbeddedKafka kafka = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0))) {
            Topics topics = new Topics("bench");
            KafkaSettings ks = KafkaSettings.of(kafka.bootstrapServers(), "bench");
            TopicProvisioner.ensure(ks, topics, 4, (short) 1);
            // The broker stamps each acknowledgement with the time it appended it: "back on Kafka", without the
            // bench consumer's fetch.
            try (org.apache.kafka.clients.admin.Admin admin = KafkaClients.admin(ks)) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.kafka(Channel.ACKS));
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                        new org.apache.kafka.clients.admin.ConfigEntry("message.timestamp.type", "LogAppendTime"),
                        org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("could not set LogAppendTime on the acks topic: " + e.getCause(), e);
            }
            KeyPair key = CommandSignature.generate();
            List<FleetDevice> machines = new ArrayList<>();
            for (int i = 0; i < plan.devices(); i++) {
                machines.add(FleetDevice.of(new VibrationDevice(DeviceId.of(String.format("machine-%04d", i)),
                        new Machine(MachineSpec.defaults(), i), 1), Duration.ofHours(1)));
            }
            Optional<CommandSignature.Verifier> verifier = plan.signed()
                    ? Optional.of(new CommandSignature.Verifier(Map.of("bench", key.getPublic()))) : Optional.empty();
            DeliveryConfig dc = DeliveryConfig.defaults(mqtt.serverUri(), kafka.bootstrapServers(), topics)
                    .withMaxPerDevicePerMinute(1_000_000).withAckConnections(plan.ackConnections());
            if (plan.fateLingerMs() >= 0) {
                dc = dc.withKafka(dc.kafka().withDefaults(Map.of("linger.ms", String.valueOf(plan.fateLingerMs()))));
            }
            if (plan.signed()) {
                dc = dc.withSigner(new CommandSignature.Signer("bench", key.getPrivate()));
            }
            Map<CommandId, AtomicLongArray> inFlight = new ConcurrentHashMap<>();
            Histogram fromSend = new Histogram(60_000_000L, 3);
            Histogram fromOnKafka = new Histogram(60_000_000L, 3);
            Histogram[] stages = {new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3),
                    new Histogram(60_000_000L, 3)};
            long sent = 0;
            try (Fleet fleet = new Fleet(machines, List.of(), new MqttTransport(MqttSettings.of(mqtt.serverUri(), "bench-site"),
                    2, 1), FleetOptions.defaults(topics), InstantSource.system(), FleetObserver.NONE, verifier);
                 CommandDelivery delivery = CommandDelivery.start(dc, Clock.systemUTC());
                 KafkaProducer<String, byte[]> producer = KafkaClients.producer(ks.withClientId("bench-cloud"), "bench");
                 KafkaConsumer<String, byte[]> acks = KafkaClients.consumer(ks.withClientId("bench-acks"), "bench",
                         "bench-acks", 1000)) {
                fleet.start();
                acks.subscribe(List.of(topics.kafka(Channel.ACKS)));
                long readyBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!delivery.ready() || acks.assignment().isEmpty()) {
                    acks.poll(Duration.ofMillis(100));
                    if (System.nanoTime() > readyBy) {
                        throw new IllegalStateException("the bridge was not ready within 60 s: " + delivery.problems());
                    }
                }
                // Prime: one command per machine, answered, so both consumers hold all their partitions before timing.
                for (FleetDevice m : machines) {
                    Instant t = Instant.now();
                    StopMachine cmd = new StopMachine(CommandHeader.caused("prime", m.device().id(), CorrelationId.random(),
                            CommandOrigin.CLOUD, t, Duration.ofMinutes(2), t), "prime");
                    inFlight.put(cmd.commandId(), new AtomicLongArray(new long[] {System.nanoTime(), 0, 1, 0}));
                    producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), cmd.header().deviceId().value(),
                            Codecs.command().encode(cmd)));
                }
                long primedBy = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!inFlight.isEmpty()) {
                    for (ConsumerRecord<String, byte[]> r : acks.poll(Duration.ofMillis(100))) {
                        Decoded<CommandAck> d = Codecs.commandAck().decode(r.value());
                        if (d.isAccepted()) {
                            inFlight.remove(d.orElseThrow().commandId());
                        }
                    }
                    if (System.nanoTime() > primedBy) {
                        throw new IllegalStateException(inFlight.size() + " priming commands not acknowledged within 120 s");
                    }
                }
                out.printf("bench commands: %d/s over %d machines, %s warm-up, %s measured, %s, %d ack connections, fate linger %s%n",
                        plan.rate(), plan.devices(), plan.warmup(), plan.duration(), plan.signed() ? "signed" : "unsigned",
                        plan.ackConnections(), plan.fateLingerMs() < 0 ? "default" : plan.fateLingerMs() + " ms");
                long period = 1_000_000_000L / plan.rate();
                long start = System.nanoTime();
                long measureFrom = start + plan.warmup().toNanos();
                long end = measureFrom + plan.duration().toNanos();
                // Acknowledgements are read on a thread of their own that waits in poll: a sender polling the consumer
                // between commands kept one of the machine's two cores busy and slowed what it measured.
                java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread reader = new Thread(() -> {
                    while (reading.get()) {
                        drain(acks, inFlight, fromSend, fromOnKafka, stages, Duration.ofMillis(100));
                    }
                }, "bench-acks-reader");
                reader.start();
                long next = start;
                int i = 0;
                while (next < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    boolean measured = next >= measureFrom;
                    Instant t = Instant.now();
                    StopMachine cmd = new StopMachine(CommandHeader.caused("stop", machines.get(i++ % machines.size())
                            .device().id(), CorrelationId.random(), CommandOrigin.CLOUD, t, Duration.ofMinutes(2), t),
                            "bench");
                    AtomicLongArray times = new AtomicLongArray(new long[] {System.nanoTime(), 0, measured ? 1 : 0, 0});
                    inFlight.put(cmd.commandId(), times);
                    producer.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), cmd.header().deviceId().value(),
                            Codecs.command().encode(cmd)), (md, e) -> {
                                times.set(3, wallMicros(Instant.now()));
                                times.set(1, System.nanoTime());
                            });
                    if (measured) {
                        sent++;
                    }
                    next += period;
                }
                long drainUntil = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (inFlight.values().stream().anyMatch(t -> t.get(2) == 1) && System.nanoTime() < drainUntil) {
                    Thread.sleep(50);
                }
                reading.set(false);
                reader.join(5_000);
                long lost = inFlight.values().stream().filter(t -> t.get(2) == 1).count();
                Result r = new Result(plan, Latency.of(fromSend), Latency.of(fromOnKafka), sent, lost, loadBefore,
                        loadAverage(), Runtime.getRuntime().availableProcessors());
                out.printf("  from the produce call:       p50 %.2f ms  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%d)%n",
                        r.fromSend().p50(), r.fromSend().p90(), r.fromSend().p99(), r.fromSend().p999(), r.fromSend().max(),
                        r.fromSend().count());
                out.printf("  from on Kafka (produce ack): p50 %.2f ms  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (%d)%n",
                        r.fromOnKafka().p50(), r.fromOnKafka().p90(), r.fromOnKafka().p99(), r.fromOnKafka().p999(),
                        r.fromOnKafka().max(), r.fromOnKafka().count());
                String[] names = {"on Kafka -> device acked", "device acked -> ack appended", "ack appended -> ack read",
                        "on Kafka -> ack appended"};
                for (int k = 0; k < stages.length; k++) {
                    Latency l = Latency.of(stages[k]);
                    out.printf("    stage %-29s p50 %.2f ms  p90 %.2f  p99 %.2f  (wall clocks; ack appended = the broker's"
                            + " LogAppendTime, 1 ms resolution)%n", names[k] + ":", l.p50(), l.p90(), l.p99());
                }
                out.printf("  sent %d measured, unacknowledged %d; load average before %s, after %s; %d cpus%n", r.sent(),
                        r.unacknowledged(), r.loadBefore(), r.loadAfter(), r.cpus());
                out.flush();
                return r;
            }
        }
    }

    private static void drain(KafkaConsumer<String, byte[]> acks, Map<CommandId, AtomicLongArray> inFlight, Histogram fromSend,
                              Histogram fromOnKafka, Histogram[] stages, Duration wait) {
        for (ConsumerRecord<String, byte[]> r : acks.poll(wait)) {
            long now = System.nanoTime();
            long wallNow = wallMicros(Instant.now());
            Decoded<CommandAck> d = Codecs.commandAck().decode(r.value());
            if (!d.isAccepted()) {
                continue;
            }
            AtomicLongArray t = inFlight.remove(d.orElseThrow().commandId());
            if (t == null || t.get(2) == 0) {
                continue;
            }
            fromSend.recordValue(Math.max(0, (now - t.get(0)) / 1000));
            if (t.get(1) != 0) {
                fromOnKafka.recordValue(Math.max(0, (now - t.get(1)) / 1000));
                long acked = wallMicros(d.orElseThrow().ackedAt());
                long produced = r.timestamp() * 1000; // LogAppendTime
                stages[0].recordValue(Math.max(0, acked - t.get(3)));
                stages[1].recordValue(Math.max(0, produced - acked));
                stages[2].recordValue(Math.max(0, wallNow - produced));
                stages[3].recordValue(Math.max(0, produced - t.get(3)));
            }
        }
    }

    private static long wallMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
