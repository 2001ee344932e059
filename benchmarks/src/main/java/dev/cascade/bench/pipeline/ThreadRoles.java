package dev.cascade.bench.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which part of the pipeline a thread of this one JVM works for, from its name: Cascade's own threads are
 * {@code cascade-<role>-...}; Paho names its threads {@code MQTT Rec: <client id>} and Kafka's producer
 * {@code kafka-producer-network-thread | <client id>}, and the roles' client ids start with the role; HiveMQ
 * and the Kafka broker have their own names.
 */
final class ThreadRoles {
    static final String SIMULATOR = "simulator";
    static final String EDGE = "edge-agent";
    static final String INGEST = "ingest";
    static final String CLOUD = "cloud-infer";
    static final String ACTUATORS = "actuators";
    /** Kafka's new consumer runs its network I/O on unnamed-by-client background threads (cloud and actuators). */
    static final String KAFKA_CONSUMERS = "kafka-consumer-io (cloud-infer + actuators)";
    static final String MQTT_BROKER = "mqtt-broker (HiveMQ)";
    static final String KAFKA_BROKER = "kafka-broker";
    static final String HTTP_SERVER = "http-server (baseline b)";
    static final String HTTP_CLIENT = "http-client (baseline b)";
    static final String HARNESS = "harness";
    static final String JVM = "jvm";
    static final String OTHER = "other";

    /** The roles whose CPU is the pipeline's (not the simulator's or the harness's). */
    static final List<String> PIPELINE = List.of(EDGE, INGEST, CLOUD, ACTUATORS, KAFKA_CONSUMERS, MQTT_BROKER, KAFKA_BROKER,
            HTTP_SERVER);
    /** The roles that run in the cloud (everything of the pipeline but the edge agent). */
    static final List<String> CLOUD_SIDE = List.of(INGEST, CLOUD, ACTUATORS, KAFKA_CONSUMERS, MQTT_BROKER, KAFKA_BROKER,
            HTTP_SERVER);

    private static final Pattern MQTT_CLIENT = Pattern.compile("MQTT (Rec|Snd|Call|Ping|Con|Discon|Disc): (.*)");
    private static final String PRODUCER = "kafka-producer-network-thread | ";
    private static final String ADMIN = "kafka-admin-client-thread | ";
    private static final List<String> KAFKA_BROKER_PREFIXES = List.of("data-plane-kafka-", "kafka-", "group-coordinator-",
            "share-", "raft-", "quorum-controller-", "controller-", "broker-", "ExpirationReaper-", "TxnMarkerSenderThread",
            "AddPartitionsToTxnSenderThread", "transaction-log-manager", "LogDirFailureHandler", "PersisterStateManager",
            "persister-", "network-partition-metadata-client-reaper", "client-metrics-reaper", "SensorExpiryThread",
            "executor-", "ReplicaFetcherThread", "log-cleaner", "metadata-", "feature-", "node-", "kraft-");
    private static final List<String> HIVEMQ_PREFIXES = List.of("hivemq-", "extension-", "global-traffic-shaper-",
            "metrics-meter-tick-thread", "scheduled-persistence-executor", "embedded-hivemq-", "single-writer",
            "persistence-", "mqtt-");
    private static final List<String> JVM_NAMES = List.of("Signal Dispatcher", "Reference Handler", "Finalizer",
            "Common-Cleaner", "JavaCPP Deallocator", "JNA Cleaner", "Notification Thread", "process reaper",
            "Attach Listener", "Service Thread", "Monitor Deflation Thread", "Sweeper thread", "DestroyJavaVM");

    private ThreadRoles() {}

    /** The role of the thread called {@code name}; {@link #OTHER} when unknown. */
    static String of(String name) {
        if (name == null) {
            return OTHER;
        }
        if (name.startsWith("cascade-")) {
            return cascadeRole(name.substring("cascade-".length()));
        }
        java.util.regex.Matcher m = MQTT_CLIENT.matcher(name);
        if (m.matches()) {
            return clientRole(m.group(2));
        }
        if (name.startsWith(PRODUCER)) {
            return clientRole(name.substring(PRODUCER.length()));
        }
        if (name.startsWith(ADMIN)) {
            return clientRole(name.substring(ADMIN.length()));
        }
        if (name.equals("consumer_background_thread")) {
            return KAFKA_CONSUMERS;
        }
        if (name.startsWith("HttpClient-")) {
            return HTTP_CLIENT;
        }
        if (name.equals("HTTP-Dispatcher") || name.equals("idle-timeout-task")) {
            return HTTP_SERVER;
        }
        if (name.equals("main")) {
            return HARNESS;
        }
        if (JVM_NAMES.contains(name)) {
            return JVM;
        }
        for (String p : HIVEMQ_PREFIXES) {
            if (name.startsWith(p)) {
                return MQTT_BROKER;
            }
        }
        for (String p : KAFKA_BROKER_PREFIXES) {
            if (name.startsWith(p)) {
                return KAFKA_BROKER;
            }
        }
        return OTHER;
    }

    private static String cascadeRole(String rest) {
        if (rest.startsWith("sim-")) {
            return SIMULATOR;
        }
        if (rest.startsWith("edge-")) {
            return EDGE;
        }
        if (rest.startsWith("ingest-")) {
            return INGEST;
        }
        if (rest.startsWith("cloud-")) {
            return CLOUD;
        }
        if (rest.startsWith("actuators-")) {
            return ACTUATORS;
        }
        if (rest.startsWith("bench-http-server")) {
            return HTTP_SERVER;
        }
        if (rest.startsWith("bench-http-client")) {
            return HTTP_CLIENT;
        }
        return HARNESS;   // cascade-monitor, cascade-bench-*, cascade-shutdown
    }

    /** The role of a client id: the roles' ids start with the role (the edge's with its gateway id). */
    private static String clientRole(String clientId) {
        if (clientId.startsWith("cascade-sim")) {
            return SIMULATOR;
        }
        if (clientId.startsWith("gateway-")) {
            return EDGE;
        }
        if (clientId.startsWith("ingest-")) {
            return INGEST;
        }
        if (clientId.startsWith("cloud-infer")) {
            return CLOUD;
        }
        if (clientId.startsWith("actuators-")) {
            return ACTUATORS;
        }
        if (clientId.startsWith("cascade")) {
            return HARNESS;   // the monitor, the provisioner
        }
        return OTHER;
    }
}
