package dev.cascade.cli.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.sim.factory.Machine;
import dev.cascade.sim.factory.MachineSpec;
import dev.cascade.sim.fleet.ExecutionLog;
import dev.cascade.sim.fleet.Fleet;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetOptions;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.testkit.KafkaProbe;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cascade actuate} as a child process, SIGKILLed mid-stream and started again: every command acts once. */
@WithBrokers
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ActuateCrashIT {
    private static final int MACHINES = 10;
    private static final int COMMANDS = 200;

    /** One run of the bridge process, its output collected. */
    private static final class Bridge implements AutoCloseable {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);

        Bridge(Path config) throws IOException {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp,
                    "-Dlogback.configurationFile=cascade-logback.xml", "dev.cascade.cli.Cascade", "actuate", "--config",
                    config.toString());
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Path logFile = Path.of("target", "actuate-crash-" + process.pid() + ".log");
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                     java.io.Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.write(line + "\n");
                        out.flush();
                        lines.add(line);
                        if (line.equals("actuate: started")) {
                            started.countDown();
                        }
                    }
                } catch (IOException e) {
                    lines.add("read failed: " + e);
                }
            }, "bridge-output");
            reader.setDaemon(true);
            reader.start();
        }

        Bridge awaitStarted() throws InterruptedException {
            assertThat(started.await(90, TimeUnit.SECONDS)).as("started; output: %s", lines).isTrue();
            return this;
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @Test
    void bridgeKilledMidStream_neitherLosesNorDoublesAnExecution(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Topics topics = brokers.newTopics();
        Path config = Files.writeString(dir.resolve("actuate.yaml"), """
                actuate:
                  instance-id: crash-%s
                  namespace: %s
                  ack-timeout: 2s
                  max-per-device-per-minute: 100000
                  mqtt: {uri: '%s'}
                  kafka: {bootstrap: '%s'}
                  shutdown: {timeout: 10s}
                  ops: {port: 0}
                """.formatted(Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)), topics.namespace(),
                brokers.mqttUri(), brokers.kafkaBootstrap()));
        List<FleetDevice> devices = new ArrayList<>();
        for (int i = 0; i < MACHINES; i++) {
            devices.add(FleetDevice.of(new VibrationDevice(DeviceId.of("machine-" + i), new Machine(MachineSpec.defaults(), i), 1),
                    Duration.ofHours(1)));
        }
        ExecutionLog log = new ExecutionLog();
        List<StopMachine> commands = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            Instant now = Instant.now();
            commands.add(new StopMachine(CommandHeader.caused("stop", DeviceId.of("machine-" + (i % MACHINES)),
                    CorrelationId.random(), CommandOrigin.CLOUD, now, Duration.ofMinutes(3), now), "anomaly " + i));
        }
        Set<CommandId> ids = commands.stream().map(StopMachine::commandId).collect(Collectors.toSet());
        try (Fleet fleet = new Fleet(devices, List.of(), new MqttTransport(brokers.mqttSettings("site"), 1, 1),
                FleetOptions.defaults(topics), InstantSource.system(), log);
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             KafkaProbe acks = new KafkaProbe(brokers.kafkaSettings("acks"), topics.kafka(Channel.ACKS))) {
            fleet.start();
            try (Bridge first = new Bridge(config).awaitStarted()) {
                for (int i = 0; i < COMMANDS / 2; i++) {
                    send(producer, topics, commands.get(i));
                }
                acks.until(s -> s.size() >= COMMANDS / 6, Duration.ofSeconds(60));
                first.kill9();   // mid-stream: commands sent and unanswered, answered and unrecorded, unread
            }
            for (int i = COMMANDS / 2; i < COMMANDS; i++) {
                send(producer, topics, commands.get(i));
            }
            producer.flush();
            try (Bridge second = new Bridge(config).awaitStarted()) {
                List<ConsumerRecord<String, byte[]>> got = acks.until(s -> settled(s).containsAll(ids), Duration.ofSeconds(90));

                assertThat(settled(got)).as("commands with a fate on the acks topic").containsAll(ids);
                Map<CommandId, Long> executions = log.executions().stream()
                        .collect(Collectors.groupingBy(CommandAck::commandId, Collectors.counting()));
                assertThat(executions.keySet()).as("commands executed").isEqualTo(ids);
                assertThat(executions.values()).as("executions per command").containsOnly(1L);
                assertThat(got).extracting(r -> Codecs.commandAck().decode(r.value()).orElseThrow().status())
                        .as("fates on the acks topic").allSatisfy(s -> assertThat(s.success()).as("%s", s).isTrue());
            }
        }
    }

    private static Set<CommandId> settled(List<ConsumerRecord<String, byte[]>> records) {
        Set<CommandId> out = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.add(Codecs.commandAck().decode(r.value()).orElseThrow().commandId());
        }
        return out;
    }

    private static void send(KafkaProducer<String, byte[]> p, Topics topics, StopMachine c) {
        p.send(new ProducerRecord<>(topics.kafka(Channel.COMMANDS), c.header().deviceId().value(), Codecs.command().encode(c)));
    }
}
