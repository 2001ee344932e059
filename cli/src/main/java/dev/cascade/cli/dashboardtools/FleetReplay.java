package dev.cascade.cli.dashboardtools;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Simulated records for a small fleet (four presses, two fields): scores and forecasts, a bearing fault on one
 * press with its stop command and acknowledgement, a refused valve command, and alarms in each state. For the
 * screenshot; not a model of a real fleet.
 */
final class FleetReplay {
    private static final ModelRef VIBRATION = new ModelRef("vibration-anomaly-cloud", "3");
    private static final ModelRef SOIL = new ModelRef("soil-moisture-forecast", "2");

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final Random random = new Random(7);

    FleetReplay(Producer<String, byte[]> producer, Topics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** Sends {@code rounds} results per device, stepping the window time by {@code step}, then the incidents. */
    void play(int rounds, Duration step) throws Exception {
        Instant start = now().minus(step.multipliedBy(rounds));
        for (int i = 0; i < rounds; i++) {
            Instant t = start.plus(step.multipliedBy(i));
            for (int p = 1; p <= 4; p++) {
                double base = 0.8 + 0.15 * p;
                double fault = p == 3 && i > rounds * 2 / 3 ? (i - rounds * 2 / 3) * 0.12 : 0;
                float score = (float) (base + fault + random.nextGaussian() * 0.12);
                send(Channel.RESULTS, "press-" + p, Codecs.inferenceResult().encode(new InferenceResult(CorrelationId.random(),
                        DeviceId.of("press-" + p), SensorKind.VIBRATION, VIBRATION, score, 2.5f,
                        score > 2.5f ? Verdict.ANOMALY : Verdict.NORMAL, t, t.plusMillis(30 + random.nextInt(40)),
                        1 + random.nextInt(16), score * 0.9f)));
            }
            for (int f = 1; f <= 2; f++) {
                float moisture = (float) (34 - f * 4 - i * 0.05 + Math.sin(i / 6.0) * 1.5 + random.nextGaussian() * 0.3);
                send(Channel.RESULTS, "field-" + f, Codecs.inferenceResult().encode(new InferenceResult(CorrelationId.random(),
                        DeviceId.of("field-" + f), SensorKind.SOIL, SOIL, moisture, 22f,
                        moisture < 22f ? Verdict.IRRIGATE : Verdict.NORMAL, t, t.plusMillis(25 + random.nextInt(30)), 4,
                        moisture)));
            }
        }
        Instant t = now();
        StopMachine stop = new StopMachine(CommandHeader.caused("stop_machine", DeviceId.of("press-3"), CorrelationId.random(),
                CommandOrigin.CLOUD, t.minusSeconds(20), Duration.ofSeconds(30), t.minusSeconds(20).minusMillis(85)), "bearing fault");
        send(Channel.COMMANDS, "press-3", Codecs.command().encode(stop));
        send(Channel.ACKS, "press-3", Codecs.commandAck().encode(CommandAck.of(stop, AckStatus.EXECUTED, "", t.minusSeconds(20))));
        OpenValve open = new OpenValve(CommandHeader.caused("open_valve", DeviceId.of("field-2"), CorrelationId.random(),
                CommandOrigin.CLOUD, t.minusSeconds(8), Duration.ofSeconds(30), t.minusSeconds(8).minusMillis(70)), Duration.ofMinutes(20));
        send(Channel.COMMANDS, "field-2", Codecs.command().encode(open));
        send(Channel.ACKS, "field-2", Codecs.commandAck().encode(CommandAck.refused(open, AckStatus.INTERLOCKED,
                "min_interval", "valve closed 4 min ago; minimum interval 10 min", t.minusSeconds(8))));
        Alarm bearing = Alarm.raised("alarm-press-3-anomaly", DeviceId.of("press-3"), "anomaly", Severity.CRITICAL,
                "vibration anomaly: score 3.4 over threshold 2.5", t.minusSeconds(60)).reported(Severity.CRITICAL,
                "vibration anomaly: score 3.6 over threshold 2.5", t.minusSeconds(20));
        Alarm dry = Alarm.raised("alarm-field-2-irrigation", DeviceId.of("field-2"), "irrigation", Severity.WARNING,
                "forecast moisture 21.4 % under 22 %", t.minusSeconds(300)).acknowledged("operator", "valve schedule checked",
                t.minusSeconds(200));
        Alarm offline = Alarm.raised("alarm-press-4-offline", DeviceId.of("press-4"), "device_offline", Severity.WARNING,
                "no heartbeat for 90 s", t.minusSeconds(900)).cleared(Alarm.SYSTEM, "heartbeats back", t.minusSeconds(840));
        for (Alarm a : new Alarm[] {offline, dry, bearing}) {
            send(Channel.ALARMS, a.alarmId(), Codecs.alarm().encode(a));
        }
        producer.flush();
    }

    private void send(Channel c, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topics.kafka(c), key, value)).get(30, TimeUnit.SECONDS);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
