package dev.cascade.cli.role;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.ingest.IngestMetrics;
import dev.cascade.config.OpsSettings;
import dev.cascade.ingest.IngestBridge;
import dev.cascade.ingest.config.IngestConfigFile;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cascade ingest --config ingest.yaml}: one MQTT to Kafka bridge instance. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run an ingest bridge: escalations from MQTT into Kafka, acknowledged once Kafka has them.")
public final class IngestCommand extends RoleCommand<IngestConfigFile> {
    @Override
    public ConfigLoader<IngestConfigFile> loader() {
        return IngestConfigFile.LOADER;
    }

    @Override
    public Lifecycle lifecycle(IngestConfigFile c) {
        return c.lifecycle();
    }

    @Override
    public List<BrokerProbe> brokers(IngestConfigFile c) {
        return List.of(BrokerProbe.mqtt(c.bridge().mqtt()), BrokerProbe.kafka(c.bridge().kafka()));
    }

    @Override
    public OpsSettings ops(IngestConfigFile c) {
        return c.ops();
    }

    @Override
    public AutoCloseable start(IngestConfigFile c, RoleOps ops) throws Exception {
        c.createTopics().apply(c.bridge().kafka().withClientId(c.bridge().instanceId() + "-provisioner"), c.bridge().topics());
        IngestBridge bridge = IngestBridge.start(c.bridge());
        IngestMetrics.bind(bridge, ops.registry());
        IngestMetrics.readiness(bridge, ops.health());
        ops.health().liveness("workers", bridge::problems);
        return bridge;
    }
}
