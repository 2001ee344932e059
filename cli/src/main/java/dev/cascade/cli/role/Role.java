package dev.cascade.cli.role;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import java.util.List;

/** One deployable role as the shared {@link RoleRunner} sees it: its file, its brokers, how it starts. */
interface Role<T> {
    /** Reads and documents the role's file. */
    ConfigLoader<T> loader();

    /** Start-up retry and shutdown bounds of a read file. */
    Lifecycle lifecycle(T config);

    /** The brokers that must answer before the role starts. */
    List<BrokerProbe> brokers(T config);

    /** Where the role serves {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
    OpsSettings ops(T config);

    /**
     * Starts the role and registers its meters and its liveness and readiness checks with {@code ops}; closing the
     * result stops intake, drains, commits and closes in reverse order.
     */
    AutoCloseable start(T config, RoleOps ops) throws Exception;
}
