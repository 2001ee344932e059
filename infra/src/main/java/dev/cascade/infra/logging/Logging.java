package dev.cascade.infra.logging;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes java.util.logging (used by Paho) into SLF4J/logback, once per process. Kafka's log4j calls
 * already reach SLF4J through log4j-to-slf4j.
 */
public final class Logging {
    private static volatile boolean installed;

    private Logging() {}

    public static synchronized void install() {
        if (installed) {
            return;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        installed = true;
    }
}
