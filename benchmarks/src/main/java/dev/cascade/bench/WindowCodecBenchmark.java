package dev.cascade.bench;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.window.SensorWindow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A sensor window through its wire codec (CBOR, samples as little-endian float32 bytes), both ways, and its JSON
 * rendering for comparison (what a JSON wire format would cost). One window per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class WindowCodecBenchmark {
    @Param({"256", "1024"})
    int samples;

    private SensorWindow window;
    private byte[] cbor;

    @Setup
    public void setup() {
        window = Messages.vibration(samples, 7);
        cbor = Codecs.sensorWindow().encode(window);
        System.out.printf("%n%d-sample window: CBOR %d bytes, JSON %d bytes%n", samples, cbor.length,
                Codecs.toJson(window).length());
    }

    @Benchmark
    public byte[] encodeCbor() {
        return Codecs.sensorWindow().encode(window);
    }

    @Benchmark
    public Decoded<SensorWindow> decodeCbor() {
        return Codecs.sensorWindow().decode(cbor);
    }

    @Benchmark
    public String renderJson() {
        return Codecs.toJson(window);
    }
}
