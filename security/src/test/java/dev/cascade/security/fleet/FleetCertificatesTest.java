package dev.cascade.security.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.security.acl.FleetFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCertificatesTest {
    @Test
    void identityWithConnections_getsACertificatePerConnection_namedByItsCn(@TempDir Path dir) throws Exception {
        FleetCertificates.Written w = FleetCertificates.write(FleetFile.parse(
                "gateway gw serves=* connections=sensors,uplink\ningest ingest-1\n", "t"), dir, List.of("127.0.0.1"),
                Duration.ofDays(1));

        for (String name : List.of("gw", "gw-sensors", "gw-uplink", "ingest-1")) {
            Path pem = dir.resolve("clients/" + name + ".pem");
            assertThat(w.files()).contains(pem, dir.resolve("clients/" + name + "-key.pem"));
            try (InputStream in = Files.newInputStream(pem)) {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=" + name + ",O=Cascade");
            }
        }
        assertThat(Files.readString(dir.resolve("mosquitto/acl"))).contains("user gw-sensors\n", "user gw-uplink\n");
        assertThat(Files.readString(dir.resolve("fleet.txt"))).contains("gateway gw serves=* connections=sensors,uplink\n");
    }
}
