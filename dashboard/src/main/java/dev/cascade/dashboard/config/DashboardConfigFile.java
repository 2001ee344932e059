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
        String user = h.text("user", "operator", "[A-Za-z0-9._-]{1,64}", "1-64 characters of [A-Za-z0-9._-]", "login name");
        Optional<Secret> password = h.secret("password", "file holding the login password (at least 8 characters)");
        Optional<KafkaSettings> kafka = KafkaSection.read(n.object("kafka", "the Kafka holding alerts and results"),
                "cascade-dashboard");
        TopicCreation create = TopicCreation.read(n.object("create-topics", "the namespace's Kafka topics"));
        OpsSettings ops = OpsSettings.read(n.object("ops", "health and metrics endpoint"), 9405);
        Lifecycle lifecycle = Lifecycle.read(n);
        if (password.isEmpty() && !n.documentingOnly()) {
            h.violation("password-file", "set (or " + ConfigNode.envName(h.field("password")) + ")", "(none)");
        }
        if (password.isEmpty() || kafka.isEmpty()) {
            return null;
        }
        Optional<DashboardOptions> options = h.build(() -> new DashboardOptions(bind, port, user, password.get().reveal()));
        if (options.isEmpty()) {
            return null;
        }
        return n.build(() -> new DashboardConfigFile(options.get(), kafka.get(), new Topics(namespace), create, ops, lifecycle))
                .orElse(null);
    }
}
