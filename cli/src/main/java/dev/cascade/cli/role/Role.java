package dev.cascade.cli.role;

import dev.cascade.config.ConfigLoader;
import dev.cascade.config.Lifecycle;
import java.util.List;

/** One deployable role as the shared {@link RoleRunner} sees it: its file, its brokers, how it starts. */
interface Role<T> {
    /** Reads and documents the role's file. */
    ConfigLoader<T> loader();

    /** Start-up retry and shutdown bounds of a read file. */
    Lifecycle lifecycle(T config);

    /** The brokers that must answer before the role starts. */
    List<BrokerProbe> brokers(T config);

    /** Starts the role; closing the result stops intake, drains, commits and closes in reverse order. */
    AutoCloseable start(T config) throws Exception;
}
