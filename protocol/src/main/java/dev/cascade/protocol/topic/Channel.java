package dev.cascade.protocol.topic;

/** A kind of traffic, named once and mapped to both an MQTT topic and a Kafka topic by {@link Topics}. */
public enum Channel {
    /** Sensor to edge agent: raw {@code SensorWindow}s (MQTT only). */
    WINDOWS("windows", true, false),
    /** Edge to cloud: single {@code Escalation}s (MQTT, then Kafka). */
    ESCALATIONS("escalations", true, true),
    /** Edge to cloud: {@code EscalationBatch}es (MQTT; ingest splits them into ESCALATIONS on Kafka). */
    ESCALATION_BATCHES("escalation-batches", true, false),
    /**
     * Edge to cloud: {@code EscalationBatch}es as deflated CBOR ({@code DeflateCodec.escalationBatches()}; MQTT; ingest
     * inflates and splits them into ESCALATIONS on Kafka).
     */
    ESCALATION_BATCHES_DEFLATE("escalation-batches-deflate", true, false),
    /** Cloud: every {@code InferenceResult} (Kafka only). */
    RESULTS("results", false, true),
    /** Cloud or edge to actuator: {@code Command}s (Kafka, then MQTT). */
    COMMANDS("commands", true, true),
    /** Actuator to cloud: {@code CommandAck}s (MQTT, then Kafka). */
    ACKS("acks", true, true),
    /** Operators: {@code Alert}s (Kafka only). */
    ALERTS("alerts", false, true),
    /** Refused messages with their reasons in headers (Kafka only). */
    DEAD_LETTER("dead-letter", false, true),
    /** Device to cloud: heartbeats and other device telemetry (MQTT, then Kafka). */
    TELEMETRY("telemetry", true, true),
    /** Operators: the current state of every {@code Alarm}, keyed by alarm id (Kafka only, compacted). */
    ALARMS("alarms", false, true),
    /** Dashboard to the roles that own the effect: {@code OperatorAction}s (Kafka only). */
    OPERATOR_ACTIONS("operator-actions", false, true),
    /** Cloud to edge agent: a gateway's remote configuration, published retained under the gateway's id (MQTT only). */
    CONFIG("config", true, false),
    /** Cloud to edge agent: an {@code OtaAnnouncement} of a model version, retained under the gateway's id (MQTT only). */
    OTA_ANNOUNCE("ota-announce", true, false),
    /** Edge agent to cloud: {@code ChunkRequest}s for an announced archive, under the gateway's id (MQTT only). */
    OTA_REQUESTS("ota-requests", true, false),
    /** Cloud to edge agent: {@code ModelChunk}s answering its requests, under the gateway's id (MQTT only). */
    OTA_CHUNKS("ota-chunks", true, false),
    /** Edge agent to cloud: {@code OtaStatus} of an update, retained under the gateway's id (MQTT only). */
    OTA_STATUS("ota-status", true, false);

    private final String segment;
    private final boolean mqtt;
    private final boolean kafka;

    Channel(String segment, boolean mqtt, boolean kafka) {
        this.segment = segment;
        this.mqtt = mqtt;
        this.kafka = kafka;
    }

    /** The topic segment, e.g. {@code escalations}. */
    public String segment() {
        return segment;
    }

    public boolean onMqtt() {
        return mqtt;
    }

    public boolean onKafka() {
        return kafka;
    }
}
