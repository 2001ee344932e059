package dev.cascade.bench;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.window.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Escalations (a 1024-sample window plus the edge's score, reason and model) through the CBOR codec: one at a time
 * as the immediate uplink sends them, and in a batch of 32 as the batched uplink does (reported per escalation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class EscalationCodecBenchmark {
    static final int BATCH = 32;

    private Escalation one;
    private byte[] oneCbor;
    private EscalationBatch batch;
    private byte[] batchCbor;

    @Setup
    public void setup() {
        one = Messages.escalation(1024, 3);
        oneCbor = Codecs.escalation().encode(one);
        List<Escalation> list = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            list.add(Messages.escalation(1024, 100 + i));
        }
        batch = new EscalationBatch(DeviceId.of("gateway-1"), list);
        batchCbor = Codecs.escalationBatch().encode(batch);
        System.out.printf("%nescalation: %d bytes; batch of %d: %d bytes%n", oneCbor.length, BATCH, batchCbor.length);
    }

    @Benchmark
    public byte[] encodeOne() {
        return Codecs.escalation().encode(one);
    }

    @Benchmark
    public Decoded<Escalation> decodeOne() {
        return Codecs.escalation().decode(oneCbor);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public byte[] encodeBatchOf32() {
        return Codecs.escalationBatch().encode(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Decoded<EscalationBatch> decodeBatchOf32() {
        return Codecs.escalationBatch().decode(batchCbor);
    }
}
