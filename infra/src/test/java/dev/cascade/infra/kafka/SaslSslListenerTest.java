package dev.cascade.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SaslSslListenerTest {
    private static final String CHAIN = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN " + "PRIVATE KEY-----\nBBBB\n-----END " + "PRIVATE KEY-----\n";

    @Test
    void passwordWithTheFormatToolsSeparators_isRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new SaslSslListener(CHAIN, KEY, Map.of("ingest", "pa,ss]word"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scramUsers password of ingest must be 1-64 characters of [A-Za-z0-9._@-], was another value");
    }

    @Test
    void encryptedOrMissingKey_isRefused() {
        assertThatThrownBy(() -> new SaslSslListener(CHAIN, "-----BEGIN ENCRYPTED " + "PRIVATE KEY-----", Map.of("u", "p"), false))
                .hasMessage("privateKeyPem must be an unencrypted PKCS#8 PEM key, was another format");
        assertThatThrownBy(() -> new SaslSslListener(CHAIN, KEY, Map.of(), false))
                .hasMessage("scramUsers must name at least one user, was {}");
    }

    @Test
    void scramArgument_isTheFormatToolsSyntax_andToStringHidesSecrets() {
        SaslSslListener l = new SaslSslListener(CHAIN, KEY, Map.of("cascade-ingest", "s3cret"), true);

        assertThat(l.scramArgument("cascade-ingest")).isEqualTo("SCRAM-SHA-512=[name=cascade-ingest,password=s3cret]");
        assertThat(l.toString()).isEqualTo("SaslSslListener[users=[cascade-ingest], aclAuthorizer=true]");
        assertThat(KafkaBrokerConfig.defaults().withSaslSsl(l).toString()).doesNotContain("s3cret", "BBBB");
    }
}
