package dev.cascade.security.fleet;

import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.acl.MosquittoAcl;
import dev.cascade.security.acl.MosquittoDynsec;
import dev.cascade.security.acl.Principal;
import dev.cascade.security.pki.DevCertificateAuthority;
import dev.cascade.security.pki.Identity;
import dev.cascade.security.pki.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes everything a fleet needs to talk to its broker into one folder: the development CA (kept and reused when
 * the folder already has one), the broker's server certificate (PEM and PKCS#12 with a trust store), one client
 * certificate per identity of the fleet list, the mosquitto ACL file, the same rules as the
 * configuration of mosquitto's dynamic-security plugin ({@link MosquittoDynsec}) and the fleet list itself. Private keys and
 * the store password are owner-only. Layout:
 * <pre>
 *   ca.pem ca-key.pem fleet.txt
 *   broker/broker.pem broker/broker-key.pem broker/broker.p12 broker/truststore.p12 broker/store-password
 *   clients/NAME.pem clients/NAME-key.pem        (one pair per identity and per connection name NAME-suffix;
 *                                                 the chain includes the CA)
 *   mosquitto/acl mosquitto/dynamic-security.json   (the same rules for acl_file and for the dynamic-security plugin)
 * </pre>
 */
public final class FleetCertificates {
    /** The broker certificate's common name. */
    public static final String BROKER = "cascade-broker";
    /** The dynamic-security plugin's configuration, in {@code mosquitto/}. */
    public static final String DYNSEC_FILE = "dynamic-security.json";

    private FleetCertificates() {}

    /**
     * What was written.
     *
     * @param dir the folder
     * @param files every file written, in order
     * @param caCreated whether a new CA was made (false: the folder's CA was reused)
     */
    public record Written(Path dir, List<Path> files, boolean caCreated) {
        public Written {
            files = List.copyOf(files);
        }
    }

    /**
     * Writes the CA (unless {@code dir} has one), the broker certificate for {@code brokerHosts}, a client certificate
     * for every identity of {@code fleet}, {@code mosquitto/acl}, {@code mosquitto/dynamic-security.json} and
     * {@code fleet.txt} into {@code dir}.
     */
    public static Written write(Fleet fleet, Path dir, List<String> brokerHosts, Duration validity) {
        List<Path> files = new ArrayList<>();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                dev.cascade.security.pki.OwnerOnly.dir(dir); // a folder we made; an existing one keeps its permissions
            }
            boolean create = !Files.exists(dir.resolve("ca.pem"));
            DevCertificateAuthority ca;
            if (create) {
                ca = DevCertificateAuthority.create("cascade-dev-ca", validity.plusDays(1));
                ca.writeTo(dir);
                files.add(dir.resolve("ca.pem"));
                files.add(dir.resolve("ca-key.pem"));
            } else {
                ca = DevCertificateAuthority.load(dir);
            }
            Path broker = dir.resolve("broker");
            Identity server = ca.issue(BROKER, Usage.SERVER, brokerHosts, validity);
            files.add(server.writePem(broker));
            files.add(broker.resolve(BROKER + "-key.pem"));
            char[] password = storePassword(broker.resolve("store-password"));
            files.add(broker.resolve("store-password"));
            files.add(server.writePkcs12(broker.resolve("broker.p12"), password));
            files.add(ca.writeTrustStore(broker.resolve("truststore.p12"), password));
            Path clients = dir.resolve("clients");
            for (Principal p : fleet.principals()) {
                for (String name : p.names()) {
                    files.add(ca.issue(name, Usage.CLIENT, List.of(), validity).writePem(clients));
                    files.add(clients.resolve(name + "-key.pem"));
                }
            }
            Path acl = dir.resolve("mosquitto").resolve("acl");
            Files.createDirectories(acl.getParent());
            Files.writeString(acl, MosquittoAcl.render(AclModel.of(fleet)));
            files.add(acl);
            Path dynsec = dir.resolve("mosquitto").resolve(DYNSEC_FILE);
            Files.writeString(dynsec, MosquittoDynsec.render(AclModel.of(fleet)));
            files.add(dynsec);
            Path list = dir.resolve("fleet.txt");
            Files.writeString(list, FleetFile.render(fleet));
            files.add(list);
            return new Written(dir, files, create);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet's certificates into " + dir, e);
        }
    }

    /** The PKCS#12 stores' password in {@code file}, made (random, owner-only) the first time. */
    public static char[] storePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip().toCharArray();
        }
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        String pw = HexFormat.of().formatHex(b);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file);
        dev.cascade.security.pki.OwnerOnly.file(file);
        Files.writeString(file, pw);
        return pw.toCharArray();
    }
}
