package dev.cascade.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Alert;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.escalation.EscalationBatch;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.telemetry.Heartbeat;
import dev.cascade.protocol.internal.JacksonCodec;
import dev.cascade.protocol.internal.WireTime;
import dev.cascade.protocol.window.SensorWindow;

/**
 * The codec of every wire message: CBOR for messages that carry samples (windows, escalations),
 * JSON for the small ones (results, commands, acknowledgements, alerts).
 */
public final class Codecs {
    /** Largest single window or escalation: a full {@code Samples.MAX_VALUES} window plus headers. */
    public static final int MAX_WINDOW_BYTES = 300 * 1024;
    /** Largest escalation batch. */
    public static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;
    /**
     * Largest MQTT packet a Cascade broker accepts: the largest payload ({@link #MAX_BATCH_BYTES}) plus 64 KiB
     * for the topic and properties (8,454,144 bytes; mosquitto {@code max_packet_size 8454144}).
     */
    public static final int MAX_PACKET_BYTES = MAX_BATCH_BYTES + 64 * 1024;
    /** Largest small JSON message. */
    public static final int MAX_JSON_BYTES = 64 * 1024;

    private static final ObjectMapper CBOR = configure(CBORMapper.builder().build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private static final Codec<SensorWindow> SENSOR_WINDOW = new JacksonCodec<>(CBOR, SensorWindow.class, "application/cbor", MAX_WINDOW_BYTES);
    private static final Codec<Escalation> ESCALATION = new JacksonCodec<>(CBOR, Escalation.class, "application/cbor", MAX_WINDOW_BYTES);
    private static final Codec<EscalationBatch> ESCALATION_BATCH = new JacksonCodec<>(CBOR, EscalationBatch.class, "application/cbor", MAX_BATCH_BYTES);
    private static final Codec<InferenceResult> RESULT = new JacksonCodec<>(JSON, InferenceResult.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<Command> COMMAND = new JacksonCodec<>(JSON, Command.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<CommandAck> ACK = new JacksonCodec<>(JSON, CommandAck.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<Alert> ALERT = new JacksonCodec<>(JSON, Alert.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<Alarm> ALARM = new JacksonCodec<>(JSON, Alarm.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<OperatorAction> OPERATOR_ACTION = new JacksonCodec<>(JSON, OperatorAction.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<Heartbeat> HEARTBEAT = new JacksonCodec<>(JSON, Heartbeat.class, "application/json", MAX_JSON_BYTES);

    private static final Codec<dev.cascade.protocol.ota.OtaAnnouncement> OTA_ANNOUNCEMENT = new JacksonCodec<>(JSON,
            dev.cascade.protocol.ota.OtaAnnouncement.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<dev.cascade.protocol.ota.ChunkRequest> CHUNK_REQUEST = new JacksonCodec<>(JSON,
            dev.cascade.protocol.ota.ChunkRequest.class, "application/json", MAX_JSON_BYTES);
    private static final Codec<dev.cascade.protocol.ota.ModelChunk> MODEL_CHUNK = new JacksonCodec<>(CBOR,
            dev.cascade.protocol.ota.ModelChunk.class, "application/cbor",
            dev.cascade.protocol.ota.ChunkRequest.MAX_LENGTH + 4096);
    private static final Codec<dev.cascade.protocol.ota.OtaStatus> OTA_STATUS = new JacksonCodec<>(JSON,
            dev.cascade.protocol.ota.OtaStatus.class, "application/json", MAX_JSON_BYTES);

    private Codecs() {}

    private static ObjectMapper configure(ObjectMapper m) {
        return m.registerModule(WireTime.module())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    }

    public static Codec<SensorWindow> sensorWindow() {
        return SENSOR_WINDOW;
    }

    public static Codec<Escalation> escalation() {
        return ESCALATION;
    }

    public static Codec<EscalationBatch> escalationBatch() {
        return ESCALATION_BATCH;
    }

    public static Codec<InferenceResult> inferenceResult() {
        return RESULT;
    }

    public static Codec<Command> command() {
        return COMMAND;
    }

    public static Codec<CommandAck> commandAck() {
        return ACK;
    }

    public static Codec<Alert> alert() {
        return ALERT;
    }

    public static Codec<Alarm> alarm() {
        return ALARM;
    }

    public static Codec<OperatorAction> operatorAction() {
        return OPERATOR_ACTION;
    }

    public static Codec<Heartbeat> heartbeat() {
        return HEARTBEAT;
    }

    /** Over-the-air updates: the cloud's offer of a model version to a gateway. */
    public static Codec<dev.cascade.protocol.ota.OtaAnnouncement> otaAnnouncement() {
        return OTA_ANNOUNCEMENT;
    }

    /** Over-the-air updates: a gateway's request for a piece of an archive. */
    public static Codec<dev.cascade.protocol.ota.ChunkRequest> chunkRequest() {
        return CHUNK_REQUEST;
    }

    /** Over-the-air updates: a piece of an archive. */
    public static Codec<dev.cascade.protocol.ota.ModelChunk> modelChunk() {
        return MODEL_CHUNK;
    }

    /** Over-the-air updates: a gateway's report on an update. */
    public static Codec<dev.cascade.protocol.ota.OtaStatus> otaStatus() {
        return OTA_STATUS;
    }

    /** Renders any wire message as JSON for people (logs, the dashboard, {@code cascade} output). */
    public static String toJson(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("message cannot be rendered as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON factory the codecs use (for tools that stream JSON themselves). */
    public static JsonFactory jsonFactory() {
        return JSON.getFactory();
    }
}
