package dev.cascade.transport.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Connects once to the configured brokers and turns a refusal (wrong SCRAM password, a broker certificate that is
 * not trusted, nothing listening) into one message naming the brokers, the security settings and the cause,
 * instead of a client that retries in the background. Stateless; each call opens and closes its own admin client.
 */
public final class KafkaAccessCheck {
    private KafkaAccessCheck() {}

    /** Why a role cannot use its Kafka: fatal, a configuration or credential problem an operator must fix. */
    public static final class KafkaAccessException extends RuntimeException {
        private final Kind kind;

        KafkaAccessException(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /** What refused the connection. */
        public Kind kind() {
            return kind;
        }
    }

    /** The classes of refusal. */
    public enum Kind { AUTHENTICATION, TLS, UNREACHABLE, OTHER }

    /** Returns the cluster id when the brokers accept these settings within {@code timeout}; throws otherwise. */
    public static String verify(KafkaSettings settings, Duration timeout) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        KafkaSettings bounded = settings.withDefaults(Map.of("request.timeout.ms", String.valueOf(ms),
                "default.api.timeout.ms", String.valueOf(ms), "reconnect.backoff.max.ms", "1000"));
        try (Admin admin = KafkaClients.admin(bounded)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId()
                    .get(ms + 1000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException(Kind.OTHER, where(settings) + ": interrupted while connecting", e);
        } catch (ExecutionException e) {
            throw classify(settings, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaAccessException(Kind.UNREACHABLE, where(settings) + " did not answer within " + timeout, e);
        } catch (RuntimeException e) {
            throw classify(settings, e);
        }
    }

    static KafkaAccessException classify(KafkaSettings settings, Throwable e) {
        String root = rootMessage(e);
        if (e instanceof SaslAuthenticationException) {
            return new KafkaAccessException(Kind.AUTHENTICATION, where(settings) + " refused the SASL login ("
                    + settings.overrides().getOrDefault("sasl.mechanism", "GSSAPI") + "): " + root, e);
        }
        if (e instanceof SslAuthenticationException) {
            return new KafkaAccessException(Kind.TLS, "TLS handshake with " + where(settings) + " failed: " + root, e);
        }
        if (e instanceof AuthenticationException) {
            return new KafkaAccessException(Kind.AUTHENTICATION, where(settings) + " refused authentication: " + root, e);
        }
        if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new KafkaAccessException(Kind.UNREACHABLE, where(settings) + " did not answer: " + root, e);
        }
        return new KafkaAccessException(Kind.OTHER, where(settings) + ": " + root, e);
    }

    private static String where(KafkaSettings s) {
        return "Kafka at " + s.bootstrapServers() + " (" + s.overrides().getOrDefault("security.protocol", "PLAINTEXT") + ")";
    }

    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        while (c != null && c != c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(" <- ").append(c.getMessage());
            }
            c = c.getCause();
        }
        return b.toString();
    }
}
