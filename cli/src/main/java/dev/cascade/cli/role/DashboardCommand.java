package dev.cascade.cli.role;

import dev.cascade.dashboard.config.DashboardConfigFile;
import dev.cascade.dashboard.Dashboard;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cascade dashboard --config dashboard.yaml}: the operators' dashboard. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Run the operators' dashboard: fleet, charts, alarms, commands and pipeline health from Kafka, behind a login.",
                "Make a password hash for dashboard.users with: cascade dashboard-password"})
public final class DashboardCommand extends RoleCommand<DashboardConfigFile> {
    @Override
    public ConfigLoader<DashboardConfigFile> loader() {
        return DashboardConfigFile.LOADER;
    }

    @Override
    public Lifecycle lifecycle(DashboardConfigFile c) {
        return c.lifecycle();
    }

    @Override
    public List<BrokerProbe> brokers(DashboardConfigFile c) {
        return List.of(BrokerProbe.kafka(c.kafka()));
    }

    @Override
    public OpsSettings ops(DashboardConfigFile c) {
        return c.ops();
    }

    @Override
    public AutoCloseable start(DashboardConfigFile c, RoleOps ops) throws Exception {
        c.createTopics().apply(c.kafka().withClientId(c.kafka().clientId() + "-provisioner"), c.topics());
        Dashboard dashboard = Dashboard.start(c.options(), c.kafka(), c.topics(), () -> Map.of("role", "dashboard"),
                ops.registry(), Clock.systemUTC());
        ops.health().readiness("serving", () -> true);
        return dashboard;
    }
}
