package dev.cascade.bench.kafka;

import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.testkit.process.KafkaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Kafka broker of a benchmark: its own JVM ({@link KafkaProcess}, as the roles are deployed: the broker's
 * collector and JIT do not share the measured JVM) or an {@link EmbeddedKafka} in this one. Must be closed.
 */
public final class BenchKafka implements AutoCloseable {
    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final boolean ownJvm;

    private BenchKafka(AutoCloseable broker, String bootstrapServers, boolean ownJvm) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.ownJvm = ownJvm;
    }

    /**
     * Starts a fresh broker on a free port: as its own JVM with its data and log in {@code dir} (anything a
     * previous run left there is removed first) when {@code ownJvm}, else in this JVM.
     */
    public static BenchKafka start(boolean ownJvm, Path dir) throws IOException {
        if (!ownJvm) {
            EmbeddedKafka k = EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(0));
            return new BenchKafka(k, k.bootstrapServers(), false);
        }
        deleteTree(dir);
        KafkaProcess k = KafkaProcess.start(dir, 0, System.getProperty("java.class.path"));
        return new BenchKafka(k, k.bootstrapServers(), true);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How it runs, for the benchmark's output. */
    public String describe() {
        return ownJvm ? "as its own JVM (KafkaProcess: serial GC, 512 MiB heap)" : "in this JVM (EmbeddedKafka)";
    }

    /** Removes {@code dir} and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
