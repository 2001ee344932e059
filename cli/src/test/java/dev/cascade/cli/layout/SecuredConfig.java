package dev.cascade.cli.layout;

import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.fleet.FleetCertificates;
import dev.cascade.transport.mqtt.MqttSettings;
import dev.cascade.transport.mqtt.tls.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code infra/local/stack} does for the secured layout, for tests that start the processes themselves: the
 * certificates of {@code infra/local/stack-fleet.txt} and a role's example file with a {@code tls} mapping beside
 * each {@code uri: tcp://127.0.0.1:1883} line (one certificate per connection: {@code {client-id}}).
 */
final class SecuredConfig {
    private static final Pattern URI_LINE = Pattern.compile("(?m)^( *)uri: tcp://127\\.0\\.0\\.1:1883 *$");

    private SecuredConfig() {}

    /** The stack's identities' certificates and ACL in {@code pki}. */
    static Path makePki(Path repo, Path pki) throws IOException {
        Fleet fleet = FleetFile.read(repo.resolve("infra/local/stack-fleet.txt"));
        FleetCertificates.write(fleet, pki, List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        return pki;
    }

    /** {@code example} (relative to {@code repo}) with the run's certificates, written to {@code out}. */
    static Path write(Path repo, String example, Path pki, Path out) throws IOException {
        String yaml = Files.readString(repo.resolve(example)).replace(": ../../", ": " + repo + "/");
        Matcher m = URI_LINE.matcher(yaml);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String indent = m.group(1);
            m.appendReplacement(b, Matcher.quoteReplacement(m.group() + "\n" + indent + "tls:\n"
                    + indent + "  ca-file: " + pki.resolve("ca.pem") + "\n"
                    + indent + "  cert-file: \"" + pki.resolve("clients") + "/{client-id}.pem\"\n"
                    + indent + "  key-file: \"" + pki.resolve("clients") + "/{client-id}-key.pem\""));
        }
        m.appendTail(b);
        Files.createDirectories(out.getParent());
        return Files.writeString(out, b.toString());
    }

    /** A probe's connection as identity {@code name} of {@code pki}. */
    static MqttSettings as(String uri, String name, Path pki) {
        MqttSettings plain = MqttSettings.of("tcp://127.0.0.1:1", name);
        return new MqttSettings(uri, name, plain.cleanStart(), plain.sessionExpiry(), plain.keepAlive(),
                plain.connectTimeout(), plain.maxInflight(), false, Optional.empty(), Optional.empty(),
                Optional.of(PemTls.socketFactory(pki.resolve("ca.pem"), Optional.of(pki.resolve("clients/" + name + ".pem")),
                        Optional.of(pki.resolve("clients/" + name + "-key.pem")))));
    }
}
