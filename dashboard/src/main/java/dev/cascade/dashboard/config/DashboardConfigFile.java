package dev.cascade.dashboard.config;

import dev.cascade.dashboard.DashboardOptions;
import dev.cascade.config.ConfigLoader;
import dev.cascade.config.ConfigNode;
import dev.cascade.config.Lifecycle;
import dev.cascade.config.OpsSettings;
import dev.cascade.config.Secret;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSection;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicCreation;
import dev.cascade.dashboard.auth.LoginPolicy;
import dev.cascade.dashboard.auth.PasswordHash;
import dev.cascade.dashboard.auth.Role;
import dev.cascade.dashboard.auth.UserAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operators' dashboard's configuration file ({@code cascade dashboard --config dashboard.yaml}, top-level key
 * {@code dashboard}).
 *
 * @param options where it listens and its login
 * @param kafka the Kafka it reads alerts and results from
 * @param topics the namespace
 * @param createTopics whether and how the namespace's missing Kafka topics are created at start
 * @param ops where its health and metrics endpoint listens
 * @param lifecycle start-up retry and shutdown bounds
 */
public record DashboardConfigFile(DashboardOptions options, KafkaSettings kafka, Topics topics, TopicCreation createTopics,
                                  OpsSettings ops, Lifecycle lifecycle) {
    /** Reads and documents {@code dashboard.*}. */
    public static final ConfigLoader<DashboardConfigFile> LOADER =
            new ConfigLoader<>("dashboard", "the operators' dashboard", DashboardConfigFile::read);

    public DashboardConfigFile {
        if (options == null || kafka == null || topics == null || createTopics == null || ops == null || lifecycle == null) {
            throw new IllegalArgumentException("options, kafka, topics, ops and lifecycle must not be null");
        }
    }

    private static DashboardConfigFile read(ConfigNode n) {
        String namespace = n.text("namespace", "cascade", "[a-z][a-z0-9-]{0,31}", "a namespace like cascade", "topic namespace");
        ConfigNode h = n;
        String bind = h.text("host", "127.0.0.1", "[A-Za-z0-9.:_-]{1,253}", "a host name or IP address",
                "interface to listen on (127.0.0.1 keeps it on this machine)");
        int port = (int) h.integer("port", 8080, 0, 65535, "TCP port (0: any free one)");
        String user = h.text("user", "operator", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]",
                "name of the one operator login whose plain password is in password-file (besides users)");
        Optional<Secret> password = h.secret("password",
                "file holding the plain password of the user login, hashed at start (at least 8 characters)");
        List<UserAccount> users = new ArrayList<>();
        for (ConfigNode u : n.list("users", "logins with hashed passwords (make a hash: cascade dashboard-password)")) {
            String name = u.text("name", null, "[A-Za-z0-9._@-]{1,64}", "1-64 characters of [A-Za-z0-9._@-]", "login name");
            Role role = u.choice("role", Role.class, Role.VIEWER, "viewer (reads) or operator (also acknowledges, "
                    + "clears, resumes, locks out)");
            String hash = u.text("password-hash", null, null, "PBKDF2WithHmacSHA256 hash, pbkdf2-sha256$<iterations>$<salt>$<hash>, from cascade dashboard-password");
            u.finish();
            if (!u.documentingOnly()) {
                Optional<PasswordHash> parsed = PasswordHash.parse(hash);
                if (parsed.isEmpty()) {
                    u.violation("password-hash", "a hash from cascade dashboard-password (iterations >= 10000)",
                            hash == null ? "(none)" : "(not shown)");
                } else {
                    u.build(() -> new UserAccount(name, role, parsed.get())).ifPresent(users::add);
                }
            }
        }
        Duration sessionTtl = n.duration("session-ttl", Duration.ofHours(8), Duration.ofMinutes(1), Duration.ofDays(30),
                "how long a login lasts");
        boolean secure = n.bool("secure-cookies", false,
                "mark cookies Secure (set when the dashboard is reached over TLS, e.g. behind a TLS proxy)");
        ConfigNode l = n.object("login", "how failed logins are slowed down, per user and per address");
        int free = (int) l.integer("free-attempts", 3, 0, 100, "failures in a row allowed without delay");
        Duration base = l.duration("base-delay", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofHours(1),
                "wait after the first failure past the free ones (doubles with each further failure)");
        Duration max = l.duration("max-delay", Duration.ofSeconds(60), Duration.ofMillis(1), Duration.ofHours(24),
                "the longest wait between attempts");
        int lockAfter = (int) l.integer("lockout-after", 10, 1, 1000, "failures in a row that lock the user or address out");
        Duration lockout = l.duration("lockout", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1),
                "how long a lock-out lasts");
        l.finish();
        Duration offline = n.duration("offline-after", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofDays(1),
                "a device not heard of for this long is shown offline");
        int points = (int) n.integer("chart-points", 120, 2, 10_000, "points kept per device chart");
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka holding alarms, results, commands"),
                "cascade-dashboard");
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9405);
        Lifecycle lifecycle = Lifecycle.read(n);
        if (password.isEmpty() && users.isEmpty() && !n.documentingOnly()) {
            h.violation("password-file", "set (or " + ConfigNode.envName(h.field("password")) + ")", "(none)");
        }
        if ((password.isEmpty() && users.isEmpty()) || kafka.isEmpty()) {
            return null;
        }
        Optional<LoginPolicy> policy = l.build(() -> new LoginPolicy(free, base, max, lockAfter, lockout));
        if (policy.isEmpty()) {
            return null;
        }
        Optional<DashboardOptions> options = h.build(() -> {
            List<UserAccount> all = new ArrayList<>(users);
            password.ifPresent(pw -> all.add(new UserAccount(user, Role.OPERATOR,
                    PasswordHash.of(pw.reveal(), PasswordHash.DEFAULT_ITERATIONS))));
            return new DashboardOptions(bind, port, all, sessionTtl, secure, policy.get(), offline, points, 500);
        });
        if (options.isEmpty()) {
            return null;
        }
        return n.build(() -> new DashboardConfigFile(options.get(), kafka.get(), new Topics(namespace), create, ops, lifecycle))
                .orElse(null);
    }
}
