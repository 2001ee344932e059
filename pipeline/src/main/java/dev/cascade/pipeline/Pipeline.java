package dev.cascade.pipeline;

import dev.cascade.actuators.alarm.AlarmServiceConfig;
import dev.cascade.actuators.alarm.Alarms;
import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.actuators.notify.NotifyConfig;
import dev.cascade.actuators.delivery.DeliveryConfig;
import dev.cascade.cloud.CloudConfig;
import dev.cascade.cloud.worker.InferenceWorkers;
import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.infra.mqtt.EmbeddedMqttBroker;
import dev.cascade.infra.mqtt.MqttBrokerConfig;
import dev.cascade.ingest.IngestBridge;
import dev.cascade.ingest.GatewayDevices;
import dev.cascade.ingest.IngestConfig;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.pipeline.security.DemoIdentities;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every role of Cascade in one process, each talking to the others only over MQTT and Kafka exactly as
 * when deployed apart: brokers (in-process unless given), ingest, cloud inference workers, command
 * delivery and an edge agent, plus a {@link PipelineMonitor}. Must be closed; closes in reverse order of
 * start.
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String mqttUri;
    private final String kafkaBootstrap;
    private final ModelCatalog catalog;
    private final PipelineMonitor monitor;
    private final IngestBridge ingest;
    private final InferenceWorkers cloud;
    private final CommandDelivery delivery;
    private final Alarms alarms;
    private final EdgeAgent edge;
    private final EmbeddedMqttBroker mqttBroker;
    private final EmbeddedKafka kafkaBroker;
    private final java.util.Optional<DemoIdentities> identities;

    private Pipeline(PipelineOptions o, InstantSource clock, boolean secured) throws ModelBundleException {
        this.catalog = ModelCatalog.scan(o.models());
        if (catalog.edge().isEmpty() || catalog.cloud().isEmpty()) {
            throw new ModelBundleException(o.models(), "needs at least one edge (.tflite) and one cloud (.onnx) model, found "
                    + catalog);
        }
        try {
            long t0 = System.nanoTime();
            String gateway = "gateway-" + o.instance();
            String ingestId = "ingest-" + o.instance();
            String actuatorsId = "actuators-" + o.instance();
            if (o.mqttUri().isPresent()) {
                identities = java.util.Optional.empty();
                mqttBroker = null;
                mqttUri = o.mqttUri().get();
            } else {
                identities = secured ? java.util.Optional.of(DemoIdentities.of(o.topics(), gateway, ingestId, actuatorsId,
                        DeliveryConfig.defaults("tcp://127.0.0.1:1", "127.0.0.1:1", o.topics()).group()))
                        : java.util.Optional.empty();
                MqttBrokerConfig bc = MqttBrokerConfig.defaults().withPort(o.mqttPort());
                if (identities.isPresent()) {
                    bc = bc.withSecurity(identities.get().brokerSecurity());
                }
                mqttBroker = track(EmbeddedMqttBroker.start(bc));
                mqttUri = mqttBroker.serverUri();
            }
            if (o.kafkaBootstrap().isPresent()) {
                kafkaBroker = null;
                kafkaBootstrap = o.kafkaBootstrap().get();
            } else {
                kafkaBroker = track(EmbeddedKafka.start(KafkaBrokerConfig.defaults().withPort(o.kafkaPort())));
                kafkaBootstrap = kafkaBroker.bootstrapServers();
            }
            TopicProvisioner.ensure(KafkaSettings.of(kafkaBootstrap, "cascade-provisioner"), o.topics(), o.partitions(),
                    (short) 1);
            monitor = track(new PipelineMonitor(KafkaSettings.of(kafkaBootstrap, "cascade"), o.topics(),
                    o.policy().actLocally()));
            // The one edge agent here is the gateway of every simulated device: it may batch any device's windows.
            IngestConfig ic = IngestConfig.defaults(mqttUri, kafkaBootstrap, o.topics())
                    .withInstanceId(ingestId)
                    .withGatewayDevices(GatewayDevices.of(DeviceId.of(gateway), ""));
            if (identities.isPresent()) {
                ic = new IngestConfig(identities.get().login(ic.mqtt(), ingestId), ic.kafka(), ic.topics(), ic.instanceId(),
                        ic.shareGroup(), ic.sessionExpiry(), ic.maxPending(), ic.gatewayDevices(), ic.stallAfter());
            }
            ingest = track(IngestBridge.start(ic));
            CloudConfig cc = new CloudConfig(KafkaSettings.of(kafkaBootstrap, "cloud-infer-" + o.instance()), o.topics(),
                    "cloud-infer-" + o.instance(), "cloud-infer",
                    o.cloudWorkers(),
                    catalog.cloud(), o.trustedKeys(), o.onnx(), o.maxBatch(), java.time.Duration.ofSeconds(30),
                    java.time.Duration.ofHours(2), 4.0, o.actionCooldown(), 3, 10, java.util.Optional.empty());
            if (o.irrigation().isPresent()) {
                cc = cc.withIrrigation(o.irrigation().get().belowPct(), o.irrigation().get().minutesPerPercent());
            }
            cloud = track(InferenceWorkers.start(cc, clock));
            DeliveryConfig dc = DeliveryConfig.defaults(mqttUri, kafkaBootstrap, o.topics());
            dc = new DeliveryConfig(login(dc.mqtt().withClientId(actuatorsId), actuatorsId),
                    dc.kafka().withClientId("actuators-" + o.instance()), dc.topics(), "actuators-" + o.instance(), dc.group(),
                    dc.ackTimeout(), dc.maxPerDevicePerMinute());
            delivery = track(CommandDelivery.start(dc,
                    Clock.systemUTC()));
            alarms = track(Alarms.start(AlarmServiceConfig.defaults(kafkaBootstrap, o.topics())
                            .withClientId("alarms-" + o.instance()), NotifyConfig.none(),
                    dc.mqtt().withClientId("alarms-" + o.instance()), Clock.systemUTC()));
            EdgeConfig ec = EdgeConfig.of(DeviceId.of("gateway-" + o.instance()), mqttUri, o.topics(), catalog.edge())
                    .withPolicy(o.policy()).withUplink(o.uplink()).withWorkers(o.edgeWorkers())
                    .withActionCooldown(o.actionCooldown());
            if (o.trustedKeys().isPresent()) {
                ec = ec.withTrustedKeys(o.trustedKeys().get());
            }
            if (identities.isPresent()) {
                ec = new EdgeConfig(ec.gatewayId(), login(ec.sensorMqtt(), gateway), login(ec.uplinkMqtt(), gateway),
                        ec.topics(), ec.models(), ec.trustedKeys(), ec.policy(), ec.uplink(), ec.workers(), ec.commandTtl(),
                        ec.irrigation(), ec.actionCooldown(), ec.limits(), ec.freshness());
            }
            if (o.irrigation().isPresent()) {
                PipelineOptions.Irrigation i = o.irrigation().get();
                ec = ec.withIrrigation(new dev.cascade.edge.action.IrrigationPolicy(java.util.Optional.of(i.belowPct()),
                        i.minutesPerPercent(), i.edgeMaxDuration()));
            }
            edge = track(EdgeAgent.start(ec, clock, monitor));
            log.info("pipeline up in {} ms: MQTT {}, Kafka {}, edge models {}, cloud models {}",
                    (System.nanoTime() - t0) / 1_000_000, mqttUri, kafkaBootstrap, catalog.edge().keySet(),
                    catalog.cloud().keySet());
        } catch (ModelBundleException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every role; nothing is left running if a part fails. */
    public static Pipeline start(PipelineOptions options, InstantSource clock) throws ModelBundleException {
        return new Pipeline(options, clock, false);
    }

    /**
     * As {@link #start}, with the embedded MQTT broker closed to everyone but the pipeline's own identities and the
     * simulated fleet ({@link DemoIdentities}: per-run passwords, the fleet's ACL model); external brokers are used
     * as they are.
     */
    public static Pipeline startSecured(PipelineOptions options, InstantSource clock) throws ModelBundleException {
        return new Pipeline(options, clock, true);
    }

    /** The identities the embedded broker admits, when it was started secured. */
    public java.util.Optional<DemoIdentities> identities() {
        return identities;
    }

    private dev.cascade.transport.mqtt.MqttSettings login(dev.cascade.transport.mqtt.MqttSettings s, String identity) {
        return identities.map(i -> i.login(s, identity)).orElse(s);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    public String mqttUri() {
        return mqttUri;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public ModelCatalog models() {
        return catalog;
    }

    public PipelineMonitor monitor() {
        return monitor;
    }

    public EdgeAgent edge() {
        return edge;
    }

    public IngestBridge ingest() {
        return ingest;
    }

    public InferenceWorkers cloud() {
        return cloud;
    }

    public CommandDelivery delivery() {
        return delivery;
    }

    /** The alarm service (the same one {@code cascade actuate} runs), with no channel but the alarms topic. */
    public Alarms alarms() {
        return alarms;
    }

    /** Each role's health check ({@code problems()}: dead or stalled workers), by role name. */
    public RoleHealth health() {
        java.util.Map<String, java.util.function.Supplier<java.util.List<String>>> checks = new java.util.LinkedHashMap<>();
        checks.put("edge", edge::problems);
        checks.put("cloud-infer", cloud::problems);
        checks.put("ingest", ingest::problems);
        checks.put("actuators", delivery::problems);
        checks.put("alarms", alarms.service()::problems);
        return new RoleHealth(checks);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
