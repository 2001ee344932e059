package dev.cascade.transport.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.transport.kafka.KafkaAccessCheck.KafkaAccessException;
import dev.cascade.transport.kafka.KafkaAccessCheck.Kind;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How refusals read; the real ones, from a SASL_SSL broker, are in testkit's KafkaSaslSslIT. */
class KafkaAccessCheckTest {
    private static final KafkaSettings SCRAM = new KafkaSettings("k1:9093,k2:9093", "ingest-1",
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "secret-line"));

    @Test
    void saslRefusal_namesBrokersProtocolMechanismAndCause_butNotTheJaasLine() {
        KafkaAccessException e = KafkaAccessCheck.classify(SCRAM,
                new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials"));

        assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(e.getMessage()).isEqualTo("Kafka at k1:9093,k2:9093 (SASL_SSL) refused the SASL login (SCRAM-SHA-512): "
                + "Authentication failed during authentication due to invalid credentials").doesNotContain("secret-line");
    }

    @Test
    void tlsRefusal_carriesTheHandshakeCause() {
        SslAuthenticationException ssl = new SslAuthenticationException("SSL handshake failed");
        ssl.initCause(new SSLHandshakeException("PKIX path building failed"));

        KafkaAccessException e = KafkaAccessCheck.classify(SCRAM, ssl);

        assertThat(e.kind()).isEqualTo(Kind.TLS);
        assertThat(e.getMessage())
                .isEqualTo("TLS handshake with Kafka at k1:9093,k2:9093 (SASL_SSL) failed: SSL handshake failed <- PKIX path building failed");
    }

    @Test
    void timeout_isUnreachable_onPlaintextToo() {
        KafkaAccessException e = KafkaAccessCheck.classify(KafkaSettings.of("k1:9092", "c"),
                new TimeoutException("Timed out waiting for a node assignment"));

        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("Kafka at k1:9092 (PLAINTEXT) did not answer: Timed out waiting for a node assignment");
    }
}
