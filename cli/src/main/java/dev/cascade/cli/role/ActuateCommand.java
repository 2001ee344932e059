package dev.cascade.cli.role;

import dev.cascade.actuators.alarm.AlarmMetrics;
import dev.cascade.actuators.alarm.AlarmServiceConfig;
import dev.cascade.actuators.alarm.Alarms;
import dev.cascade.actuators.config.ActuateConfigFile;
import dev.cascade.actuators.delivery.CommandDelivery;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.actuators.delivery.DeliveryMetrics;
import dev.cascade.config.OpsSettings;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cascade actuate --config actuate.yaml}: one command delivery bridge instance. */
@Command(name = "actuate", mixinStandardHelpOptions = true,
        description = "Run command delivery (commands from Kafka to the actuators over MQTT, with acknowledgement and resend) and the alarm service (alerts to alarms and notifications).")
public final class ActuateCommand extends RoleCommand<ActuateConfigFile> {
    @Override
    public ConfigLoader<ActuateConfigFile> loader() {
        return ActuateConfigFile.LOADER;
    }

    @Override
    public Lifecycle lifecycle(ActuateConfigFile c) {
        return c.lifecycle();
    }

    @Override
    public List<BrokerProbe> brokers(ActuateConfigFile c) {
        return List.of(BrokerProbe.mqtt(c.delivery().mqtt()), BrokerProbe.kafka(c.delivery().kafka()));
    }

    @Override
    public OpsSettings ops(ActuateConfigFile c) {
        return c.ops();
    }

    @Override
    public AutoCloseable start(ActuateConfigFile c, RoleOps ops) throws Exception {
        c.createTopics().apply(c.delivery().kafka().withClientId(c.delivery().instanceId() + "-provisioner"), c.delivery().topics());
        CommandDelivery delivery = CommandDelivery.start(c.delivery(), Clock.systemUTC());
        DeliveryMetrics.bind(delivery, ops.registry());
        DeliveryMetrics.readiness(delivery, ops.health());
        ops.health().liveness("workers", delivery::problems);
        if (!c.alarms().enabled()) {
            return delivery;
        }
        Alarms alarms;
        try {
            alarms = Alarms.start(new AlarmServiceConfig(c.delivery().kafka().withClientId(c.delivery().instanceId() + "-alarms"),
                    c.delivery().topics(), c.alarms().group(), c.alarms().policy()), c.alarms().channels(),
                    c.delivery().mqtt().withClientId(c.delivery().instanceId() + "-alarms"), Clock.systemUTC());
        } catch (RuntimeException e) {
            delivery.close();
            throw e;
        }
        AlarmMetrics.bind(alarms, ops.registry());
        AlarmMetrics.health(alarms, ops.health());
        return () -> {
            try {
                alarms.close();
            } finally {
                delivery.close();
            }
        };
    }
}
