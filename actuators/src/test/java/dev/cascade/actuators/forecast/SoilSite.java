package dev.cascade.actuators.forecast;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.device.MoistureBand;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.ZoneSpec;
import dev.cascade.sim.fleet.ExecutionLog;
import dev.cascade.sim.fleet.Fleet;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.fleet.FleetOptions;
import dev.cascade.sim.transport.MqttTransport;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.transport.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One simulated soil zone on the test's MQTT broker (a window every 250 ms, each 10 simulated minutes of physics,
 * an ideal probe), its actuators' execution log, and a stand-in for cloud-infer's irrigation decision: for every
 * window the zone sends, a result on the Kafka results topic whose forecast is the window's latest moisture (a
 * persistence forecast) against {@code thresholdPct}. Must be closed.
 */
final class SoilSite implements AutoCloseable {
    static final ModelRef MODEL = new ModelRef("cascade-test", "1");

    final ExecutionLog log;
    private final KafkaProducer<String, byte[]> results;
    private final Fleet fleet;
    private final Map<CorrelationId, InferenceResult> published = new ConcurrentHashMap<>();

    SoilSite(TestBrokers brokers, Topics topics, String device, double initialPct, float thresholdPct) {
        this.results = KafkaClients.producer(brokers.kafkaSettings("forecast"), "test-forecast");
        this.log = new ExecutionLog(new FleetObserver() {
            @Override
            public void windowSent(SensorWindow w) {
                float moisture = w.samples().get(w.samples().frames() - 1, 0);
                Instant now = Instant.now();
                InferenceResult r = new InferenceResult(w.correlationId(), w.deviceId(), w.kind(), MODEL, moisture,
                        thresholdPct, moisture < thresholdPct ? Verdict.IRRIGATE : Verdict.NORMAL, w.sentAt(), now, 1,
                        moisture);
                published.put(r.correlationId(), r);
                results.send(new ProducerRecord<>(topics.kafka(Channel.RESULTS), r.deviceId().value(),
                        Codecs.inferenceResult().encode(r)));
            }
        });
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, Instant.parse("2026-07-01T00:00:00Z"))
                .withInitialMoisturePct(initialPct), 7);
        SoilDevice soil = new SoilDevice(DeviceId.of(device), zone, new SoilProbe(zone, ProbeSpec.ideal(), 7), 10,
                Duration.ofMinutes(1), new MoistureBand(20, 30), Optional.empty());
        Fleet f = null;
        try {
            f = new Fleet(List.of(FleetDevice.of(soil, Duration.ofMillis(250))), List.of(),
                    new MqttTransport(brokers.mqttSettings("soil-site"), 1, 1), FleetOptions.defaults(topics),
                    InstantSource.system(), log, Optional.empty());
            f.start();
        } catch (RuntimeException e) {
            if (f != null) {
                f.close();
            }
            results.close(Duration.ofSeconds(5));
            throw e;
        }
        this.fleet = f;
    }

    /** The result published for the window with {@code id}, if any. */
    Optional<InferenceResult> result(CorrelationId id) {
        return Optional.ofNullable(published.get(id));
    }

    @Override
    public void close() {
        fleet.close();
        results.close(Duration.ofSeconds(5));
    }
}
