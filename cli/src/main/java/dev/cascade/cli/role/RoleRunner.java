package dev.cascade.cli.role;

import dev.cascade.cli.logging.ProcessRole;
import dev.cascade.config.ConfigException;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.LoadedConfig;
import dev.cascade.config.OpsSettings;
import dev.cascade.ops.Health;
import dev.cascade.ops.OpsServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs any role the same way: read the file (exit 2 listing every violation), print the effective configuration
 * (secrets masked), serve health and metrics on the role's {@code ops} port (not ready until the role says so), wait
 * for the brokers within {@code startup.connect-timeout} (exit 1 naming the one that did not
 * answer), start, wait for the stop signal, close within {@code shutdown.timeout} (exit 0). Runs on the caller's
 * thread.
 */
final class RoleRunner {
    /** Exit status: stopped cleanly, or {@code --print-config} done. */
    static final int OK = 0;
    /** Exit status: a broker could not be reached, the role failed to start or to stop in time. */
    static final int FAILED = 1;
    /** Exit status: the configuration file has violations. */
    static final int BAD_CONFIG = 2;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Waits between connection attempts. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final InstantSource clock;
    private final Sleeper sleeper;

    RoleRunner(Map<String, String> env, PrintWriter out, PrintWriter err, InstantSource clock, Sleeper sleeper) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The runner of a real process: its environment, the system clock, real sleeps. */
    static RoleRunner forProcess(PrintWriter out, PrintWriter err) {
        return new RoleRunner(System.getenv(), out, err, InstantSource.system(), d -> Thread.sleep(d.toMillis()));
    }

    /** Runs {@code role} from {@code file}; {@code hook}: install a JVM shutdown hook for SIGTERM. */
    <T> int run(Role<T> role, Path file, boolean printConfig, StopSignal signal, boolean hook) {
        try {
            return runRole(role, file, printConfig, signal, hook);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private <T> int runRole(Role<T> role, Path file, boolean printConfig, StopSignal signal, boolean hook)
            throws InterruptedException {
        String name = role.loader().role();
        ProcessRole.mark(name);
        LoadedConfig<T> loaded;
        try {
            loaded = role.loader().load(file, env);
        } catch (ConfigException e) {
            err.println(name + ": " + file + ": " + e.getMessage());
            signal.markDone(BAD_CONFIG);
            return BAD_CONFIG;
        }
        out.println("# " + name + ": effective configuration (" + file + ")");
        out.print(loaded.printed());
        out.flush();
        if (printConfig) {
            signal.markDone(OK);
            return OK;
        }
        T config = loaded.value();
        Lifecycle lifecycle = role.lifecycle(config);
        if (hook) {
            signal.installShutdownHook(lifecycle.shutdownTimeout());
        }
        OpsSettings opsAt = role.ops(config);
        RoleOps ops = new RoleOps(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new Health());
        new JvmMemoryMetrics().bindTo(ops.registry());
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(ops.registry());
        new JvmThreadMetrics().bindTo(ops.registry());
        new ProcessorMetrics().bindTo(ops.registry());
        new UptimeMetrics().bindTo(ops.registry());
        OpsServer server;
        try {
            server = OpsServer.start(opsAt.host(), opsAt.port(), ops.health(), ops.registry());
        } catch (RuntimeException e) {
            gc.close();
            err.println(name + ": cannot serve health and metrics on " + opsAt.host() + ":" + opsAt.port() + " (ops): "
                    + rootMessage(e));
            signal.markDone(FAILED);
            return FAILED;
        }
        try {
            out.println(name + ": health and metrics on http://" + opsAt.host() + ":" + server.port()
                    + "/ (health/live, health/ready, metrics)");
            out.flush();
            Instant deadline = clock.instant().plus(lifecycle.connectTimeout());
            for (BrokerProbe b : role.brokers(config)) {
                String failure = await(b, deadline);
                if (failure != null) {
                    err.println(name + ": cannot reach " + b.name() + " within " + lifecycle.connectTimeout().toSeconds()
                            + " s (startup.connect-timeout): " + failure);
                    signal.markDone(FAILED);
                    return FAILED;
                }
            }
            AutoCloseable running;
            try {
                running = role.start(config, ops);
            } catch (Exception e) {
                err.println(name + ": cannot start: " + rootMessage(e));
                signal.markDone(FAILED);
                return FAILED;
            }
            out.println(name + ": started");
            out.flush();
            signal.markStarted();
            signal.awaitStop();
            out.println(name + ": stopping");
            out.flush();
            int code = close(name, running, lifecycle.shutdownTimeout());
            out.println(name + ": " + (code == OK ? "stopped" : "did not stop cleanly"));
            signal.markDone(code);
            return code;
        } finally {
            server.close();
            gc.close();
            ops.registry().close();
        }
    }

    /** Tries until the broker answers (null) or the deadline passes (the last failure). */
    private String await(BrokerProbe b, Instant deadline) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                b.attempt().tryOnce(left.isNegative() ? Duration.ZERO : left);
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return rootMessage(e);
                }
                err.println("waiting for " + b.name() + ": " + rootMessage(e));
                err.flush();
                sleeper.sleep(backoff.compareTo(left) < 0 ? backoff : left);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) < 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
            }
        }
    }

    private int close(String name, AutoCloseable running, Duration bound) throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                failure.set(e);
            }
        }, "cascade-" + name + "-close");
        closer.setDaemon(true);
        closer.start();
        closer.join(bound.toMillis());
        if (closer.isAlive()) {
            err.println(name + ": did not stop within " + bound.toSeconds() + " s (shutdown.timeout)");
            return FAILED;
        }
        if (failure.get() != null) {
            err.println(name + ": failed while stopping: " + rootMessage(failure.get()));
            return FAILED;
        }
        return OK;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m) + (t == e ? "" : " (" + e.getMessage() + ")");
    }
}
