package dev.cascade.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DevCertificateAuthorityTest {
    private static final Duration YEAR = Duration.ofDays(365);
    private static final char[] PW = "changeit".toCharArray();

    @Test
    void clientOfTheCa_completesMutualTls_andTheServerSeesItsCommonName() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.create("cascade-dev-ca", YEAR);
        Identity broker = ca.issue("broker", Usage.SERVER, List.of("localhost", "127.0.0.1"), YEAR);
        Identity device = ca.issue("press-07", Usage.CLIENT, List.of(), YEAR);

        assertThat(handshake(ca, broker, ca, device)).isEqualTo("CN=press-07,O=Cascade");
    }

    @Test
    void clientOfAnotherCa_isRefusedByTheServer() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.create("cascade-dev-ca", YEAR);
        DevCertificateAuthority rogue = DevCertificateAuthority.create("rogue-ca", YEAR);
        Identity broker = ca.issue("broker", Usage.SERVER, List.of("127.0.0.1"), YEAR);
        Identity intruder = rogue.issue("press-07", Usage.CLIENT, List.of(), YEAR);

        // TLS 1.3: the client may finish its side first and see the server's refusal as a closed connection
        assertThatThrownBy(() -> handshake(ca, broker, ca, intruder)).satisfiesAnyOf(
                e -> assertThat(e).hasStackTraceContaining("certificate"),
                e -> assertThat(e).isInstanceOf(java.net.SocketException.class).hasMessageContaining("Broken pipe"),
                e -> assertThat(e).hasMessageContaining("Connection reset"));
    }

    @Test
    void caWrittenAndLoaded_issuesCertificatesTheSameTrustAccepts(@TempDir Path dir) throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.create("cascade-dev-ca", YEAR);
        ca.writeTo(dir);
        DevCertificateAuthority again = DevCertificateAuthority.load(dir);
        Identity broker = again.issue("broker", Usage.SERVER, List.of("127.0.0.1"), YEAR);
        Path certFile = again.issue("ingest", Usage.CLIENT, List.of(), YEAR).writePem(dir);

        assertThat(again.certificate()).isEqualTo(ca.certificate());
        assertThat(Files.readString(certFile)).startsWith("-----BEGIN CERTIFICATE-----").contains(ca.certificatePem().strip());
        assertThat(Files.readString(dir.resolve("ingest-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ingest-key.pem")))).isEqualTo("rw-------");
        assertThat(handshake(ca, broker, again, again.issue("edge-gw1", Usage.CLIENT, List.of(), YEAR)))
                .isEqualTo("CN=edge-gw1,O=Cascade");
    }

    @Test
    void nameThatCannotBeAnIdentity_isRefusedNamingTheField() {
        DevCertificateAuthority ca = DevCertificateAuthority.create("cascade-dev-ca", YEAR);

        assertThatThrownBy(() -> ca.issue("press/07", Usage.CLIENT, List.of(), YEAR)).hasMessageStartingWith("name must be");
        assertThatThrownBy(() -> ca.issue("broker", Usage.SERVER, List.of(), YEAR)).hasMessageStartingWith("hosts must be");
    }

    /** Runs one mutual-TLS handshake on loopback; returns the client's subject as the server saw it. */
    private static String handshake(DevCertificateAuthority serverTrust, Identity server, DevCertificateAuthority clientTrust,
                                    Identity client) throws Exception {
        SSLContext serverCtx = context(server, serverTrust);
        SSLContext clientCtx = context(client, clientTrust);
        try (SSLServerSocket ss = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0)) {
            ss.setNeedClientAuth(true);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    s.getOutputStream().write(b);
                    return s.getSession().getPeerPrincipal().getName();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                c.startHandshake();
                OutputStream out = c.getOutputStream();
                out.write(42);
                out.flush();
                c.getInputStream().read();
            } catch (Exception e) {
                seen.cancel(true);
                throw e;
            }
            return seen.get(20, TimeUnit.SECONDS);
        }
    }

    private static SSLContext context(Identity own, DevCertificateAuthority trust) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(own.keyStore(PW), PW);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore ts = trust.trustStore();
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
