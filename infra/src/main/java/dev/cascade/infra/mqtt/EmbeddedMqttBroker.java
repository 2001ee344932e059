package dev.cascade.infra.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.cascade.infra.logging.Logging;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.infra.net.FreePort;
import dev.cascade.infra.TempDirs;
import dev.cascade.infra.mqtt.security.BrokerSecurity;
import dev.cascade.infra.mqtt.security.SecurityExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 broker (HiveMQ Community Edition) running inside this JVM: shared subscriptions, QoS 0-2,
 * in-memory persistence, packets up to {@link Codecs#MAX_PACKET_BYTES}. For one-machine runs and tests. Must be closed; {@link #stop()} and
 * {@link #start()} restart it on the same port (clients see a broker outage).
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final MqttBrokerConfig config;
    private final int port;
    private final Path home;
    private final boolean ownsHome;
    private final SecurityExtension extension;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedMqttBroker(MqttBrokerConfig config) {
        this.config = config;
        this.port = FreePort.orPick(config.port());
        this.ownsHome = config.dataDir().isEmpty();
        this.home = config.dataDir().orElseGet(() -> TempDirs.create("cascade-mqtt-"));
        this.extension = config.security().map(SecurityExtension::new).orElse(null);
    }

    /** Starts a broker and returns once it accepts connections. */
    public static EmbeddedMqttBroker start(MqttBrokerConfig config) {
        EmbeddedMqttBroker b = new EmbeddedMqttBroker(config);
        try {
            b.start();
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** (Re)starts the broker on its port. */
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        Logging.install();
        try {
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), configXml());
            Path data = Files.createDirectories(home.resolve("data"));
            Path extensions = Files.createDirectories(home.resolve("extensions"));
            long t0 = System.nanoTime();
            var builder = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap();
            if (extension != null) {
                builder = builder.withEmbeddedExtension(extension.embedded());
            }
            EmbeddedHiveMQ h = builder.build();
            try {
                h.start().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                closeQuietly(h);
                throw new IllegalStateException("MQTT broker did not start on " + config.bindAddress() + ":" + port
                        + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(h);
                throw new IllegalStateException("interrupted while starting the MQTT broker", e);
            }
            hivemq = h;
            log.info("MQTT broker up on tcp://{}:{} in {} ms", config.bindAddress(), port, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare MQTT broker folder " + home, e);
        }
    }

    /** Stops the broker, keeping its port and folder for {@link #start()}. */
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        EmbeddedHiveMQ h = hivemq;
        hivemq = null;
        try {
            h.stop().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("MQTT broker did not stop cleanly: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(h);
        }
    }

    /** HiveMQ's own metrics (connections, messages in and out, queue sizes); empty when stopped. */
    public synchronized java.util.Optional<com.codahale.metrics.MetricRegistry> metrics() {
        return hivemq == null ? java.util.Optional.empty() : java.util.Optional.of(hivemq.getMetricRegistry());
    }

    public synchronized boolean running() {
        return hivemq != null;
    }

    public int port() {
        return port;
    }

    /** e.g. {@code tcp://127.0.0.1:1883}, or {@code ssl://127.0.0.1:8883} with a mutual-TLS listener. */
    public String serverUri() {
        String host = "0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
        boolean tls = config.security().flatMap(BrokerSecurity::tls).isPresent();
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** The security extension in force, if the broker has one (its refusal counters). */
    public java.util.Optional<SecurityExtension> security() {
        return java.util.Optional.ofNullable(extension);
    }

    @Override
    public void close() {
        stop();
        if (ownsHome) {
            TempDirs.deleteQuietly(home);
        }
    }

    private String listenerXml() {
        java.util.Optional<BrokerSecurity.TlsListener> tls = config.security().flatMap(BrokerSecurity::tls);
        if (tls.isEmpty()) {
            return """
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>""".formatted(port, config.bindAddress());
        }
        BrokerSecurity.TlsListener t = tls.get();
        String pw = xml(new String(t.password()));
        return """
                <tls-tcp-listener>
                  <port>%d</port>
                  <bind-address>%s</bind-address>
                  <tls>
                    <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                    <truststore><path>%s</path><password>%s</password></truststore>
                    <client-authentication-mode>REQUIRED</client-authentication-mode>
                  </tls>
                </tls-tcp-listener>""".formatted(port, config.bindAddress(), xml(t.keyStore().toAbsolutePath().toString()),
                pw, pw, xml(t.trustStore().toAbsolutePath().toString()), pw);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private String configXml() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                %s
                  </listeners>
                  <mqtt>
                    <queued-messages><max-queue-size>%d</max-queue-size></queued-messages>
                    <shared-subscriptions><enabled>true</enabled></shared-subscriptions>
                    <receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                  </mqtt>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(listenerXml(), config.maxQueuedMessagesPerClient(), Codecs.MAX_PACKET_BYTES);
    }

    private static void closeQuietly(EmbeddedHiveMQ h) {
        try {
            h.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("closing HiveMQ: {}", e.toString());
        }
    }
}
