package dev.cascade.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PemTlsTest {
    private static Path file(String name) {
        try {
            return Path.of(PemTlsTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A TLS server on a free loopback port that trusts the test CA and requires a client certificate. */
    private static SSLServerSocket server() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", PemTls.privateKey(file("server-pkcs8.key")), new char[0],
                PemTls.certificates(file("server.pem"), "cert-file").toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", PemTls.certificates(file("ca.pem"), "ca-file").get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(true);
        return s;
    }

    @Test
    void socketFactory_fromPemFiles_completesAMutualTlsHandshake_presentingTheClientCertificate() throws Exception {
        try (SSLServerSocket server = server()) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    String name = s.getSession().getPeerPrincipal().getName();
                    s.getOutputStream().write(1);
                    return name;
                } catch (Exception e) {
                    return "server failed: " + e;
                }
            });
            var factory = PemTls.socketFactory(file("ca.pem"), Optional.of(file("client.pem")), Optional.of(file("client-pkcs8.key")));
            try (SSLSocket c = (SSLSocket) factory.createSocket("127.0.0.1", server.getLocalPort())) {
                c.startHandshake();
                assertThat(c.getInputStream().read()).isEqualTo(1);
                assertThat(c.getTcpNoDelay()).isTrue();
                assertThat(c.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
            }
            assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("CN=gateway-1");
        }
    }

    @Test
    void privateKey_acceptsRsaAndEcPkcs8() {
        assertThat(PemTls.privateKey(file("server-pkcs8.key")).getAlgorithm()).isEqualTo("RSA");
        assertThat(PemTls.privateKey(file("client-pkcs8.key")).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void certAndKey_mustComeTogether() {
        assertThatThrownBy(() -> PemTls.socketFactory(file("ca.pem"), Optional.empty(), Optional.of(file("client-pkcs8.key"))))
                .hasMessage("cert-file and key-file must be set together, was key-file only");
    }

    @Test
    void certificates_ofAMissingFile_nameIt() {
        assertThatThrownBy(() -> PemTls.certificates(Path.of("/no/such/ca.pem"), "ca-file"))
                .hasMessage("ca-file must be a readable file, was /no/such/ca.pem");
        assertThat(PemTls.certificates(file("ca.pem"), "ca-file")).hasSize(1);
        assertThat(List.of(PemTls.certificates(file("client.pem"), "cert-file").get(0).getType())).containsExactly("X.509");
    }
}
