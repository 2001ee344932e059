package dev.cascade.bench;

import dev.cascade.protocol.codec.Codecs;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
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
 * What Eclipse Paho (MQTT v5 client 1.2.5) spends turning a received PUBLISH packet into a message, on its receiver
 * thread, for every window the edge agent receives: {@code MqttWireMessage.createWireMessage(byte[])} copies the
 * packet through {@code DataInputStream.readFully} over a {@code CountingInputStream} that does not override
 * {@code read(byte[], int, int)}, so the copy goes one byte at a time (twice: packet, then payload). Compared with
 * decoding the window itself from the payload.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@State(Scope.Thread)
public class PahoDecodeBenchmark {
    @Param({"1024"})
    int samples;

    private byte[] packet;
    private byte[] payload;

    @Setup
    public void setup() throws Exception {
        payload = Codecs.sensorWindow().encode(Messages.vibration(samples, 5));
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        MqttPublish p = new MqttPublish("cascade/v1/machine-0042/windows", m, new MqttProperties());
        p.setMessageId(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(p.getHeader());
        out.write(p.getPayload());
        packet = out.toByteArray();
        System.out.printf("%nPUBLISH packet %d bytes (payload %d)%n", packet.length, payload.length);
    }

    @Benchmark
    public MqttWireMessage pahoPublishFromPacket() throws Exception {
        return MqttWireMessage.createWireMessage(packet);
    }

    @Benchmark
    public Object windowFromPayload() {
        return Codecs.sensorWindow().decode(payload);
    }
}
