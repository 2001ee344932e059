package dev.cascade.bench;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.codec.Decoded;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.window.SensorWindow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The small JSON messages of the command path: an inference result, a stop command and its acknowledgement. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class SmallMessageCodecBenchmark {
    private InferenceResult result;
    private byte[] resultJson;
    private StopMachine command;
    private byte[] commandJson;
    private CommandAck ack;
    private byte[] ackJson;

    @Setup
    public void setup() {
        SensorWindow w = Messages.vibration(16, 1);
        result = Messages.result(w);
        resultJson = Codecs.inferenceResult().encode(result);
        command = Messages.stop(w);
        commandJson = Codecs.command().encode(command);
        ack = Messages.ack(command);
        ackJson = Codecs.commandAck().encode(ack);
        System.out.printf("%nresult %d bytes, command %d bytes, ack %d bytes%n", resultJson.length, commandJson.length,
                ackJson.length);
    }

    @Benchmark
    public byte[] encodeResult() {
        return Codecs.inferenceResult().encode(result);
    }

    @Benchmark
    public Decoded<InferenceResult> decodeResult() {
        return Codecs.inferenceResult().decode(resultJson);
    }

    @Benchmark
    public byte[] encodeCommand() {
        return Codecs.command().encode(command);
    }

    @Benchmark
    public Decoded<Command> decodeCommand() {
        return Codecs.command().decode(commandJson);
    }

    @Benchmark
    public byte[] encodeAck() {
        return Codecs.commandAck().encode(ack);
    }

    @Benchmark
    public Decoded<CommandAck> decodeAck() {
        return Codecs.commandAck().decode(ackJson);
    }
}
