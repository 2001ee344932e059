package dev.cascade.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.Fixtures;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.alert.AlertHeader;
import dev.cascade.protocol.alert.AnomalyAlert;
import dev.cascade.protocol.alert.CommandFailedAlert;
import dev.cascade.protocol.alert.IrrigationAlert;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {

    @Test
    void sensorWindow_roundTripsThroughCbor_withEveryFieldIntact() {
        SensorWindow w = Fixtures.window();
        byte[] bytes = Codecs.sensorWindow().encode(w);

        SensorWindow back = Codecs.sensorWindow().decode(bytes).orElseThrow();

        assertThat(back).isEqualTo(w);
        assertThat(back.timestamp()).isEqualTo(Fixtures.T0);
        assertThat(Codecs.sensorWindow().contentType()).isEqualTo("application/cbor");
    }

    @Test
    void sensorWindow_cborIsCompact_aboutFourBytesPerSample() {
        byte[] bytes = Codecs.sensorWindow().encode(Fixtures.window());

        assertThat(bytes.length).isBetween(4096, 4096 + 300);
    }

    @Test
    void encodedMessages_startWithTheSchemaVersion() {
        String json = new String(Codecs.command().encode(new StopMachine(Fixtures.header(), "anomaly")),
                StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"v\":1,\"type\":\"stop_machine\",\"header\":{");
    }

    @Test
    void escalation_roundTrips() {
        Escalation e = Fixtures.escalation();

        assertThat(Codecs.escalation().decode(Codecs.escalation().encode(e)).orElseThrow()).isEqualTo(e);
    }

    @Test
    void escalationBatch_roundTrips() {
        EscalationBatch b = new EscalationBatch(DeviceId.of("gw-1"), List.of(Fixtures.escalation(), Fixtures.escalation()));

        assertThat(Codecs.escalationBatch().decode(Codecs.escalationBatch().encode(b)).orElseThrow()).isEqualTo(b);
    }

    @Test
    void everyCommandType_roundTripsThroughJson() {
        List<Command> commands = List.of(
                new OpenValve(Fixtures.header(), Duration.ofMinutes(12)),
                new CloseValve(Fixtures.header()),
                new StopMachine(Fixtures.header(), "bearing fault"),
                new ResumeMachine(Fixtures.header(), "inspected"));

        for (Command c : commands) {
            Command back = Codecs.command().decode(Codecs.command().encode(c)).orElseThrow();
            assertThat(back).isEqualTo(c).isInstanceOf(c.getClass());
        }
    }

    @Test
    void closeValve_withReasonAndOpen_roundTrips_andTheOlderFormWithoutThemStillDecodes() {
        CloseValve close = new CloseValve(Fixtures.header(), "forecast 24.6 % >= target 24.0 %",
                dev.cascade.protocol.command.CommandId.of("open-0001"));

        Command back = Codecs.command().decode(Codecs.command().encode(close)).orElseThrow();
        String older = new String(Codecs.command().encode(close), StandardCharsets.UTF_8)
                .replace(",\"reason\":\"forecast 24.6 % >= target 24.0 %\",\"opened\":\"open-0001\"", "");
        CloseValve old = (CloseValve) Codecs.command().decode(older.getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(back).isEqualTo(close);
        assertThat(((CloseValve) back).closesOpen()).contains(dev.cascade.protocol.command.CommandId.of("open-0001"));
        assertThat(older).doesNotContain("reason");
        assertThat(old.reason()).isEmpty();
        assertThat(old.closesOpen()).isEmpty();
        assertThat(old.header()).isEqualTo(close.header());
    }

    @Test
    void ack_roundTrips_andCopiesTheCommandsTrace() {
        StopMachine stop = new StopMachine(Fixtures.header(), "anomaly");
        CommandAck ack = CommandAck.of(stop, AckStatus.EXECUTED, "", Fixtures.T0.plusMillis(520));

        CommandAck back = Codecs.commandAck().decode(Codecs.commandAck().encode(ack)).orElseThrow();

        assertThat(back).isEqualTo(ack);
        assertThat(back.correlationId()).isEqualTo(Fixtures.CID);
        assertThat(back.windowSentAt()).isEqualTo(stop.header().windowSentAt());
        assertThat(back.commandType()).isEqualTo("stop_machine");
    }

    @Test
    void everyAlertType_roundTrips() {
        AlertHeader h = AlertHeader.caused("anomaly", Fixtures.PRESS, Fixtures.CID, Severity.CRITICAL, Fixtures.T0);
        ModelRef m = new ModelRef("vibration-cloud", "2");
        List<Alert> alerts = List.of(
                new AnomalyAlert(h, 3.5f, 1.2f, m, true),
                new IrrigationAlert(h, 21.5f, 18.0f, 20.0f, Duration.ofMinutes(20), m),
                new CommandFailedAlert(h, Fixtures.header().commandId(), "stop_machine", AckStatus.EXPIRED, "late"));

        for (Alert a : alerts) {
            assertThat(Codecs.alert().decode(Codecs.alert().encode(a)).orElseThrow()).isEqualTo(a);
        }
    }

    @Test
    void inferenceResult_roundTrips() {
        InferenceResult r = new InferenceResult(Fixtures.CID, Fixtures.PRESS, SensorKind.VIBRATION,
                new ModelRef("vibration-cloud", "1"), 2.5f, 1.0f, Verdict.ANOMALY, Fixtures.T0, Fixtures.T0.plusMillis(3),
                32, 0.8f);

        assertThat(Codecs.inferenceResult().decode(Codecs.inferenceResult().encode(r)).orElseThrow()).isEqualTo(r);
    }

    @Test
    void decode_emptyPayload_isRejectedAsEmpty() {
        assertRejected(Codecs.sensorWindow().decode(new byte[0]), RejectReason.EMPTY, "must not be empty");
        assertRejected(Codecs.command().decode(null), RejectReason.EMPTY, "must not be empty");
    }

    @Test
    void decode_truncatedCbor_isRejectedAsMalformed() {
        byte[] bytes = Codecs.sensorWindow().encode(Fixtures.window());

        Decoded<SensorWindow> d = Codecs.sensorWindow().decode(Arrays.copyOf(bytes, bytes.length - 100));

        assertRejected(d, RejectReason.MALFORMED, "SensorWindow is not valid CBOR");
    }

    @Test
    void decode_nanSample_isRejectedNamingTheSample() {
        SensorWindow w = Fixtures.window(1f, 2f, 3f, 4f);
        byte[] bytes = Codecs.sensorWindow().encode(w);
        // Overwrite the third float (little-endian 3.0f = 00 00 40 40) with NaN (00 00 c0 7f).
        int at = indexOf(bytes, new byte[] {0, 0, 0x40, 0x40});
        bytes[at + 2] = (byte) 0xc0;
        bytes[at + 3] = 0x7f;

        assertRejected(Codecs.sensorWindow().decode(bytes), RejectReason.INVALID, "samples[2] must be finite, was NaN");
    }

    @Test
    void decode_unknownSchemaVersion_isRejectedAsUnsupported() {
        String json = new String(Codecs.commandAck().encode(CommandAck.of(new CloseValve(Fixtures.header()),
                AckStatus.EXECUTED, "", Fixtures.T0)), StandardCharsets.UTF_8).replace("{\"v\":1,", "{\"v\":2,");

        assertRejected(Codecs.commandAck().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.UNSUPPORTED_VERSION,
                "v must be 1, was 2");
    }

    @Test
    void decode_versionNotFirst_stillChecksIt() {
        String json = new String(Codecs.commandAck().encode(CommandAck.of(new CloseValve(Fixtures.header()),
                AckStatus.EXECUTED, "", Fixtures.T0)), StandardCharsets.UTF_8).replace("{\"v\":1,", "{").replace("}$", "");
        String moved = json.substring(0, json.length() - 1) + ",\"v\":3}";

        assertRejected(Codecs.commandAck().decode(moved.getBytes(StandardCharsets.UTF_8)), RejectReason.UNSUPPORTED_VERSION,
                "v must be 1, was 3");
        String ok = json.substring(0, json.length() - 1) + ",\"v\":1}";
        assertThat(Codecs.commandAck().decode(ok.getBytes(StandardCharsets.UTF_8)).isAccepted()).isTrue();
    }

    @Test
    void decode_missingVersion_isRejected() {
        assertRejected(Codecs.commandAck().decode("{\"commandId\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                RejectReason.INVALID, "v must be an integer schema version");
    }

    @Test
    void decode_missingField_isRejectedNamingTheField() {
        String json = "{\"v\":1,\"type\":\"close_valve\"}";

        assertRejected(Codecs.command().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.INVALID,
                "header must be present");
    }

    @Test
    void decode_unknownCommandType_isRejectedNamingTheType() {
        String json = "{\"v\":1,\"type\":\"launch_rocket\",\"header\":{}}";

        assertRejected(Codecs.command().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.INVALID,
                "type must be a known Command type, was \"launch_rocket\"");
    }

    @Test
    void decode_badDeviceId_isRejectedWithTheRule() {
        String json = new String(Codecs.command().encode(new CloseValve(Fixtures.header())), StandardCharsets.UTF_8)
                .replace("press-07", "press/07/#");

        assertRejected(Codecs.command().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.INVALID,
                "deviceId must be 1-64 characters of [A-Za-z0-9._-], was \"press/07/#\"");
    }

    @Test
    void decode_valveOpenBeyondMaximum_isRejected() {
        String json = new String(Codecs.command().encode(new OpenValve(Fixtures.header(), Duration.ofMinutes(5))),
                StandardCharsets.UTF_8).replace("\"duration\":300000", "\"duration\":86400000");

        assertRejected(Codecs.command().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.INVALID,
                "duration must be in (0, PT6H], was PT24H");
    }

    @Test
    void decode_unknownKindId_isRejectedListingTheKnownOnes() {
        String json = "{\"v\":1,\"deviceId\":\"a1\",\"kind\":9,\"sampleRateHz\":1.0,\"timestamp\":0,\"sequence\":0,"
                + "\"correlationId\":\"abcdefgh\",\"sentAt\":0,\"samples\":{\"channels\":1,\"data\":[1.0]}}";

        // Windows are CBOR on the wire; the JSON form is accepted by the tree path of a JSON codec only,
        // so check the rule through the enum directly as well.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SensorKind.fromId(9)))
                .hasMessage("kind must be one of 1 (vibration), 2 (soil), was 9");
        assertThat(json).contains("\"kind\":9");
    }

    @Test
    void decode_trailingBytes_areRejected() {
        byte[] bytes = Codecs.commandAck().encode(CommandAck.of(new CloseValve(Fixtures.header()), AckStatus.EXECUTED,
                "", Fixtures.T0));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        longer[bytes.length] = '{';
        longer[bytes.length + 1] = '}';

        assertRejected(Codecs.commandAck().decode(longer), RejectReason.MALFORMED, "trailing");
    }

    @Test
    void decode_oversizePayload_isRejectedBeforeParsing() {
        byte[] huge = new byte[Codecs.MAX_JSON_BYTES + 1];

        assertRejected(Codecs.alert().decode(huge), RejectReason.OVERSIZE, "at most 65536 bytes, was 65537");
    }

    @Test
    void decode_garbage_isRejectedNotThrown() {
        byte[] garbage = "\u0000\u00ff not json at all".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(Codecs.alert().decode(garbage).isAccepted()).isFalse();
        assertThat(Codecs.sensorWindow().decode(garbage).isAccepted()).isFalse();
    }

    @Test
    void decode_floatWhereIntegerExpected_isRejected() {
        String json = new String(Codecs.inferenceResult().encode(new InferenceResult(Fixtures.CID, Fixtures.PRESS,
                SensorKind.VIBRATION, new ModelRef("m", "1"), 1f, 1f, Verdict.NORMAL, Fixtures.T0, Fixtures.T0, 4, 0f)),
                StandardCharsets.UTF_8).replace("\"batchSize\":4", "\"batchSize\":4.5");

        assertRejected(Codecs.inferenceResult().decode(json.getBytes(StandardCharsets.UTF_8)), RejectReason.INVALID,
                "batchSize");
    }

    private static <T> void assertRejected(Decoded<T> d, RejectReason reason, String detailContains) {
        assertThat(d).isInstanceOf(Decoded.Rejected.class);
        Rejection r = ((Decoded.Rejected<T>) d).rejection();
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.detail()).contains(detailContains);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
