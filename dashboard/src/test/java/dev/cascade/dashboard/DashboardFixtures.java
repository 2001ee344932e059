package dev.cascade.dashboard;

import dev.cascade.dashboard.auth.LoginPolicy;
import dev.cascade.dashboard.auth.PasswordHash;
import dev.cascade.dashboard.auth.Role;
import dev.cascade.dashboard.auth.UserAccount;
import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Logins, options and records the dashboard's tests share. */
final class DashboardFixtures {
    static final String OPERATOR = "alice";
    static final String OPERATOR_PASSWORD = "correct-horse-battery";
    static final String VIEWER = "victor";
    static final String VIEWER_PASSWORD = "viewer-password-1";

    private DashboardFixtures() {}

    /** An operator and a viewer, cheap hashes (10,000 iterations: tests log in often). */
    static DashboardOptions options(LoginPolicy policy) {
        return new DashboardOptions("127.0.0.1", 0, List.of(
                new UserAccount(OPERATOR, Role.OPERATOR, PasswordHash.of(OPERATOR_PASSWORD, 10_000)),
                new UserAccount(VIEWER, Role.VIEWER, PasswordHash.of(VIEWER_PASSWORD, 10_000))),
                Duration.ofHours(1), false, policy, Duration.ofMinutes(5), 60, 500);
    }

    static DashboardOptions options() {
        return options(LoginPolicy.DEFAULT);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Alarm alarm(String alarmId, String device) {
        return Alarm.raised(alarmId, DeviceId.of(device), "anomaly", Severity.CRITICAL, "bearing fault suspected on " + device,
                now());
    }

    static InferenceResult result(String device, float score) {
        Instant t = now();
        return new InferenceResult(CorrelationId.random(), DeviceId.of(device), SensorKind.VIBRATION,
                new ModelRef("vibration-anomaly-cloud", "3"), score, 2.0f, score > 2.0f ? Verdict.ANOMALY : Verdict.NORMAL,
                t.minusMillis(40), t, 8, score * 0.9f);
    }

    static void send(Producer<String, byte[]> p, Topics topics, Alarm a) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.ALARMS), a.alarmId(), Codecs.alarm().encode(a)))
                .get(30, TimeUnit.SECONDS);
    }

    static void send(Producer<String, byte[]> p, Topics topics, InferenceResult r) throws Exception {
        p.send(new ProducerRecord<>(topics.kafka(Channel.RESULTS), r.deviceId().value(), Codecs.inferenceResult().encode(r)))
                .get(30, TimeUnit.SECONDS);
    }
}
