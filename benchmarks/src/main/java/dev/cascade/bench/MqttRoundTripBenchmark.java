package dev.cascade.bench;

import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.PublishOptions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One window-sized message from a publisher to a subscriber through the in-process HiveMQ CE broker (MQTT 5,
 * QoS 1, TCP_NODELAY, loopback), with Cascade's {@link MqttConnection}: the transport floor of every hop
 * in the pipeline. One message in flight at a time; sample mode gives the percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlogback.configurationFile=bench-logback.xml"})
@State(Scope.Benchmark)
public class MqttRoundTripBenchmark {
    @Param({"4200"})
    int bytes;

    private EmbeddedMqttBroker broker;
    private MqttConnection publisher;
    private MqttConnection subscriber;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(16);
    private byte[] payload;
    private PublishOptions options;

    @Setup
    public void setup() {
        broker = EmbeddedMqttBroker.start(MqttBrokerConfig.defaults());
        subscriber = MqttConnection.open(MqttSettings.of(broker.serverUri(), "bench-sub"));
        subscriber.subscribe("bench/v1/+/windows", 1, (topic, p, delivery) -> received.put(p));
        publisher = MqttConnection.open(MqttSettings.of(broker.serverUri(), "bench-pub"));
        payload = new byte[bytes];
        options = PublishOptions.contentType(Codecs.sensorWindow().contentType());
    }

    @Benchmark
    public byte[] publishAndReceiveQos1() throws Exception {
        publisher.publish("bench/v1/machine-0042/windows", payload, 1, options);
        return received.take();
    }

    @TearDown
    public void tearDown() {
        publisher.close();
        subscriber.close();
        broker.close();
    }
}
