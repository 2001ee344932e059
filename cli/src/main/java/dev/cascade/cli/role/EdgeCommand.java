package dev.cascade.cli.role;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.edge.EdgeMetrics;
import dev.cascade.config.OpsSettings;
import dev.cascade.edge.EdgeAgent;
import dev.cascade.edge.EdgeConfig;
import dev.cascade.edge.config.EdgeConfigFile;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cascade edge --config edge.yaml}: one edge agent. */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = "Run an edge agent: score sensor windows with int8 TFLite, act when sure, escalate over MQTT.")
public final class EdgeCommand extends RoleCommand<EdgeConfigFile> {
    @Override
    public ConfigLoader<EdgeConfigFile> loader() {
        return EdgeConfigFile.LOADER;
    }

    @Override
    public Lifecycle lifecycle(EdgeConfigFile c) {
        return c.lifecycle();
    }

    @Override
    public List<BrokerProbe> brokers(EdgeConfigFile c) {
        EdgeConfig a = c.agent();
        // Only the sensors' broker: the uplink may be down at start (offline is normal; the outbox holds what must go up).
        return new ArrayList<>(List.of(BrokerProbe.mqtt(a.sensorMqtt())));
    }

    @Override
    public OpsSettings ops(EdgeConfigFile c) {
        return c.ops();
    }

    @Override
    public AutoCloseable start(EdgeConfigFile c, RoleOps ops) throws Exception {
        EdgeAgent agent = EdgeAgent.start(c.agent(), c.device(), c.ota(), InstantSource.system(),
                EdgeMetrics.observer(ops.registry(), InstantSource.system()));
        EdgeMetrics.bind(agent, ops.registry());
        EdgeMetrics.readiness(agent, ops.health());
        ops.health().liveness("workers", agent::problems);
        return agent;
    }
}
