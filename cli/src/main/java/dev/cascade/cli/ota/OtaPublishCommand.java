package dev.cascade.cli.ota;

import dev.cascade.cli.DurationConverter;
import dev.cascade.config.ConfigException;
import dev.cascade.edge.ota.OtaPublisher;
import dev.cascade.protocol.ota.OtaStatus;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.transport.mqtt.MqttConnection;
import dev.cascade.transport.mqtt.MqttSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade ota publish}: announces a bundle (retained) to gateways and answers their chunk requests until every
 * gateway reported a final state or {@code --duration} passed.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Announce a signed model bundle to gateways over MQTT and serve it in chunks; prints each"
                + " gateway's status (fetching, installed, confirmed, refused, rolled_back).")
final class OtaPublishCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "The bundle folder (signed).")
    Path bundle;

    @Option(names = "--mqtt", paramLabel = "URI", description = "The cloud broker, e.g. tcp://host:1883 (plain, no"
            + " credentials); or --config.")
    String mqttUri;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file with ota.mqtt: the roles' MQTT section"
            + " (uri, client-id, username/password, tls: {ca-file, cert-file, key-file}); for a broker with mutual TLS"
            + " and the fleet ACL, whose models identity may announce and send chunks.")
    Path config;

    @Option(names = "--gateway", required = true, paramLabel = "ID", description = "A gateway to update (repeatable).")
    List<String> gateways;

    @Option(names = "--namespace", defaultValue = "cascade", description = "Topic namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--client-id", defaultValue = "models-1", description = "MQTT client id with --mqtt; the broker"
            + " ACL's models identity (default: ${DEFAULT-VALUE}).")
    String clientId;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
            description = "Serve at most this long (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--withdraw", description = "Clear the retained announcements when done.")
    boolean withdraw;

    @Override
    public Integer call() throws Exception {
        List<DeviceId> ids = gateways.stream().map(DeviceId::of).toList();
        try (MqttConnection mqtt = MqttConnection.open(settings());
             OtaPublisher p = OtaPublisher.start(mqtt, new Topics(namespace), bundle, ids, InstantSource.system())) {
            System.out.println("announced " + p.announcement().model() + " (" + p.announcement().size() + " bytes) to "
                    + ids.size() + " gateway(s)");
            Instant end = Instant.now().plus(duration);
            CountDownLatch never = new CountDownLatch(1);
            int exit = 0;
            while (Instant.now().isBefore(end)) {
                long done = p.statuses().values().stream().filter(OtaPublishCommand::isFinal).count();
                if (done == ids.size()) {
                    break;
                }
                never.await(1, TimeUnit.SECONDS);
            }
            for (DeviceId g : ids) {
                OtaStatus s = p.statuses().get(g);
                if (s == null) {
                    System.out.println(g + ": no report");
                    exit = 1;
                } else {
                    System.out.println(g + ": " + s.model() + " " + s.state().displayName()
                            + (s.reason().isEmpty() ? "" : " (" + s.reason() + ")") + ", runs " + s.running()
                            + (s.detail().isEmpty() ? "" : ": " + s.detail()));
                    exit |= s.state() == dev.cascade.protocol.ota.OtaState.CONFIRMED
                            || s.state() == dev.cascade.protocol.ota.OtaState.INSTALLED ? 0 : 1;
                }
            }
            if (withdraw) {
                p.withdraw();
            }
            return exit;
        }
    }

    /** The broker settings: from {@code --config} (the roles' MQTT section) or {@code --mqtt} and {@code --client-id}. */
    MqttSettings settings() throws ConfigException {
        if ((config == null) == (mqttUri == null)) {
            throw new IllegalArgumentException("exactly one of --mqtt and --config must be given, was "
                    + (config == null ? "neither" : "both"));
        }
        if (config == null) {
            return MqttSettings.of(mqttUri, clientId);
        }
        return OtaPublishConfig.LOADER.load(config, System.getenv()).value();
    }

    private static boolean isFinal(OtaStatus s) {
        return switch (s.state()) {
            case CONFIRMED, REFUSED, ROLLED_BACK -> true;
            default -> false;
        };
    }
}
