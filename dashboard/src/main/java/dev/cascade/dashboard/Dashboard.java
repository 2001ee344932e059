package dev.cascade.dashboard;

import dev.cascade.dashboard.action.ActionPublisher;
import dev.cascade.dashboard.alarm.AlarmBoard;
import dev.cascade.dashboard.auth.Authenticator;
import dev.cascade.dashboard.auth.LoginThrottle;
import dev.cascade.dashboard.auth.Sessions;
import dev.cascade.dashboard.command.CommandBoard;
import dev.cascade.dashboard.feed.FeedSink;
import dev.cascade.dashboard.feed.KafkaFeed;
import dev.cascade.dashboard.fleet.FleetBoard;
import dev.cascade.dashboard.health.LagProbe;
import dev.cascade.dashboard.health.PipelineHealth;
import dev.cascade.dashboard.web.ActionHandler;
import dev.cascade.dashboard.web.DashboardState;
import dev.cascade.dashboard.web.EventHub;
import dev.cascade.dashboard.web.WebServer;
import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.codec.Rejection;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.escalation.Escalation;
import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.operator.OperatorAction;
import dev.cascade.protocol.operator.OperatorActionType;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.DeadLetters;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' live web dashboard: fleet, per-device charts, alarms (acknowledge, clear, history), commands and
 * their fate, pipeline health, all read from Kafka and pushed to browsers by server-sent events; behind a login
 * with roles; operators' actions published on the operator-actions topic. Must be closed.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration PUSH_EVERY = Duration.ofMillis(250);

    private final DashboardOptions options;
    private final Clock clock;
    private final Supplier<Map<String, Object>> status;
    private final MeterRegistry registry;
    private final FleetBoard fleet;
    private final AlarmBoard alarms = new AlarmBoard(2_000, 50);
    private final CommandBoard commands = new CommandBoard(200);
    private final PipelineHealth health;
    private final EventHub hub = new EventHub();
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final ActionPublisher publisher;
    private final LagProbe lag;
    private final ScheduledExecutorService ticker;
    private final Sessions sessions;
    private final KafkaFeed feed;
    private final WebServer web;
    private long pushedFleet = -1;
    private long pushedCommands = -1;
    private long ticks;

    private Dashboard(DashboardOptions options, KafkaSettings kafka, Topics topics, Supplier<Map<String, Object>> status,
                      MeterRegistry registry, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.status = status;
        this.registry = registry;
        this.fleet = new FleetBoard(clock, options.offlineAfter(), options.chartPoints());
        this.health = new PipelineHealth(clock, Duration.ofSeconds(10));
        this.sessions = new Sessions(clock, options.sessionTtl(), 10_000);
        Authenticator auth = new Authenticator(options.users(), new LoginThrottle(clock, options.loginPolicy(), 100_000),
                sessions, registry);
        KafkaProducer<String, byte[]> p = null;
        LagProbe probe = null;
        KafkaFeed f = null;
        ScheduledExecutorService t = null;
        try {
            p = KafkaClients.producer(kafka, "dashboard");
            probe = new LagProbe(KafkaClients.admin(kafka), topics.kafka(Channel.RESULTS).replaceFirst("results$", ""));
            this.producer = p;
            this.deadLetters = new DeadLetters(p, topics, "dashboard");
            this.publisher = new ActionPublisher(p, topics, Duration.ofSeconds(10), registry);
            this.lag = probe;
            f = new KafkaFeed(KafkaClients.consumer(kafka, "dashboard", "cascade-dashboard-view-" + Sessions.random(), 2_000),
                    topics, new Sink(), options.backfill(), Duration.ofSeconds(30));
            this.feed = f;
            t = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "cascade-dashboard-ticker");
                th.setDaemon(true);
                return th;
            });
            this.ticker = t;
            this.web = new WebServer(options.bindAddress(), options.port(), options.secureCookies(), auth, this::snapshot,
                    hub, this::act);
        } catch (RuntimeException e) {
            if (t != null) {
                t.shutdownNow();
            }
            if (f != null) {
                f.close();
            }
            if (probe != null) {
                probe.close();
            }
            if (p != null) {
                p.close(Duration.ofSeconds(5));
            }
            throw e;
        }
        Gauge.builder("cascade.dashboard.sessions", sessions, Sessions::size).description("live dashboard sessions")
                .register(registry);
        Gauge.builder("cascade.dashboard.streams", hub, EventHub::size).description("browsers on the event stream")
                .register(registry);
        Gauge.builder("cascade.dashboard.alarms.active", alarms, AlarmBoard::activeCount).description("active alarms")
                .register(registry);
        ticker.scheduleWithFixedDelay(this::tick, PUSH_EVERY.toMillis(), PUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info("dashboard on {} ({} login(s))", url(), options.users().size());
    }

    /** Starts the web server and the Kafka feed; {@code status} adds the host's own figures to the health panel. */
    public static Dashboard start(DashboardOptions options, KafkaSettings kafka, Topics topics,
                                  Supplier<Map<String, Object>> status, MeterRegistry registry, Clock clock) {
        return new Dashboard(options, kafka, topics, status, registry, clock);
    }

    /** The same with the system clock and metrics kept to itself. */
    public static Dashboard start(DashboardOptions options, KafkaSettings kafka, Topics topics,
                                  Supplier<Map<String, Object>> status) {
        return new Dashboard(options, kafka, topics, status, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private final class Sink implements FeedSink {
        @Override
        public void escalation(Escalation e) {
            fleet.escalation(e);
            health.escalation();
        }

        @Override
        public void result(InferenceResult r) {
            fleet.result(r);
            health.result(Duration.between(r.windowSentAt(), r.inferredAt()), r.batchSize());
        }

        @Override
        public void command(Command c) {
            commands.command(c);
        }

        @Override
        public void ack(CommandAck a) {
            commands.ack(a);
            fleet.ack(a);
            health.ack(Duration.between(a.windowSentAt(), a.ackedAt()));
        }

        @Override
        public void telemetry(String deviceId, Instant at, String model) {
            fleet.heartbeat(deviceId, at, model);
        }

        @Override
        public void alarm(Alarm a) {
            AlarmBoard.AlarmRow row = alarms.add(a);
            hub.broadcast("alarm", WebServerJson.write(row));
        }

        @Override
        public void rejected(Channel channel, String key, byte[] payload, Rejection rejection) {
            registry.counter("cascade.dashboard.rejected", "channel", channel.segment(), "reason",
                    rejection.reason().displayName()).increment();
            log.debug("dashboard refused a {} record: {}", channel.segment(), rejection);
            deadLetters.route("dashboard:" + channel.segment(), key, payload, rejection);
        }
    }

    private void tick() {
        try {
            long fv = fleet.version();
            if (fv != pushedFleet) {
                List<FleetBoard.DeviceRow> changed = fleet.changedSince(pushedFleet);
                pushedFleet = fv;
                hub.broadcast("fleet", WebServerJson.write(changed));
            }
            long cv = commands.version();
            if (cv != pushedCommands) {
                pushedCommands = cv;
                hub.broadcast("commands", WebServerJson.write(commands.rows()));
            }
            ticks++;
            if (ticks % 4 == 0) {
                hub.broadcast("health", WebServerJson.write(healthFigures()));
            }
            if (ticks % 20 == 0) {
                try {
                    health.lag(lag.lagByGroup(Duration.ofSeconds(2)));
                } catch (Exception e) {
                    log.debug("consumer lag not read: {}", e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("dashboard push failed: {}", e.toString());
        }
    }

    private Map<String, Object> healthFigures() {
        Map<String, Object> m = new LinkedHashMap<>(health.snapshot());
        m.put("devices", fleet.size());
        m.put("activeAlarms", alarms.activeCount());
        m.put("host", status.get());
        m.put("serverTime", clock.millis());
        return m;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fleet", fleet.rows());
        m.put("alarms", alarms.rows());
        m.put("commands", commands.rows());
        m.put("health", healthFigures());
        return m;
    }

    private String act(OperatorActionType type, String target, String operator, String note) {
        if (type.target() == OperatorActionType.Target.ALARM && alarms.get(target).isEmpty()) {
            throw new WebServer.NoSuchTargetException("alarm " + target + " is not known to the dashboard");
        }
        OperatorAction a = OperatorAction.of(type, target, operator, note, clock.instant());
        publisher.publish(a);
        return a.actionId();
    }

    /** The port the dashboard listens on. */
    public int port() {
        return web.port();
    }

    /** The page's address. */
    public String url() {
        String host = "0.0.0.0".equals(options.bindAddress()) ? "127.0.0.1" : options.bindAddress();
        return "http://" + host + ":" + port() + "/";
    }

    /** Active alarms (for status lines and metrics). */
    public long activeAlarms() {
        return alarms.activeCount();
    }

    /** Devices known. */
    public int devices() {
        return fleet.size();
    }

    /** Closes every browser's event stream, as a network drop would (they reconnect by themselves). */
    public void dropEventStreams() {
        hub.dropAll();
    }

    /** Browsers connected to the event stream. */
    public int eventStreams() {
        return hub.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        web.close();
        feed.close();
        lag.close();
        producer.close(Duration.ofSeconds(5));
    }
}
