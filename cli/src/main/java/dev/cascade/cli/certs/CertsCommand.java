package dev.cascade.cli.certs;

import dev.cascade.cli.DurationConverter;
import dev.cascade.security.acl.AclModel;
import dev.cascade.security.acl.Fleet;
import dev.cascade.security.acl.FleetFile;
import dev.cascade.security.acl.MosquittoAcl;
import dev.cascade.security.acl.MosquittoDynsec;
import dev.cascade.security.fleet.FleetCertificates;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cascade certs}: a development CA and one certificate per identity of a fleet list, plus the broker ACL. */
@Command(name = "certs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make a development CA (or reuse the one in --out), a broker certificate, a client certificate per "
                + "identity of the fleet list, the mosquitto ACL file and the dynamic-security plugin's configuration; prints every file written. Private keys are "
                + "owner-only. For development and tests: a production fleet uses its own PKI.",
                "Fleet list: one identity a line: 'namespace NS', 'device ID', 'gateway ID serves=ID,ID|*', "
                        + "'ingest ID group=G', 'actuators ID group=G', 'admin ID' (see docs/SECURITY.md)."})
public final class CertsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--fleet", required = true, paramLabel = "FILE", description = "the fleet list")
    Path fleet;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: ~/.cascade/pki)")
    Path out;

    @Option(names = "--host", paramLabel = "NAME", split = ",", defaultValue = "localhost,127.0.0.1",
            description = "the broker's host names and addresses in its certificate (default: ${DEFAULT-VALUE})")
    List<String> hosts;

    @Option(names = "--validity", defaultValue = "365d", converter = DurationConverter.class,
            description = "how long the certificates are valid (default: ${DEFAULT-VALUE})")
    Duration validity;

    @Option(names = "--acl-only", paramLabel = "FILE",
            description = "write only the mosquitto ACL file of the fleet list to FILE: no CA, no keys (so allowed in the "
                    + "repository), e.g. infra/k8s/base/mosquitto/acl")
    Path aclOnly;

    @Option(names = "--dynsec", paramLabel = "FILE",
            description = "write only the configuration of mosquitto's dynamic-security plugin (the same rules as the ACL, "
                    + "shared groups bound to their identity) to FILE: no CA, no keys; may go with --acl-only, e.g. "
                    + "infra/k8s/base/mosquitto/dynamic-security.json")
    Path dynsec;

    @Option(names = "--allow-in-repository", description = "write even inside a git work tree (keys must never be committed)")
    boolean allowInRepository;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (aclOnly != null || dynsec != null) {
            return writeRulesOnly(out, err);
        }
        Path dir = (this.out != null ? this.out : Path.of(System.getProperty("user.home"), ".cascade", "pki"))
                .toAbsolutePath().normalize();
        if (!allowInRepository) {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"))) {
                    err.println("certs: " + dir + " is inside the git work tree " + p
                            + "; private keys must not go there (choose another --out, or --allow-in-repository)");
                    return 2;
                }
            }
        }
        Fleet f;
        try {
            f = FleetFile.read(fleet);
        } catch (IllegalArgumentException e) {
            err.println("certs: " + e.getMessage());
            return 2;
        }
        FleetCertificates.Written w = FleetCertificates.write(f, dir, hosts, validity);
        out.println((w.caCreated() ? "made a new development CA in " : "reused the development CA in ") + dir);
        for (Path p : w.files()) {
            out.println("  wrote " + dir.relativize(p));
        }
        out.println(f.principals().size() + " identities; mosquitto: cafile ca.pem, certfile broker/"
                + FleetCertificates.BROKER + ".pem, keyfile broker/" + FleetCertificates.BROKER + "-key.pem, acl_file mosquitto/acl"
                + " (or plugin_opt_config_file mosquitto/" + FleetCertificates.DYNSEC_FILE + ")");
        out.flush();
        return 0;
    }

    private int writeRulesOnly(PrintWriter out, PrintWriter err) {
        Fleet f;
        try {
            f = FleetFile.read(fleet);
        } catch (IllegalArgumentException e) {
            err.println("certs: " + e.getMessage());
            return 2;
        }
        AclModel model = AclModel.of(f);
        if (aclOnly != null) {
            if (!write(aclOnly, MosquittoAcl.render(model), err)) {
                return 1;
            }
            out.println("wrote the mosquitto ACL of " + f.principals().size() + " identities to " + aclOnly);
        }
        if (dynsec != null) {
            if (!write(dynsec, MosquittoDynsec.render(model), err)) {
                return 1;
            }
            out.println("wrote the dynamic-security configuration of " + f.principals().size() + " identities to " + dynsec);
        }
        out.flush();
        return 0;
    }

    private static boolean write(Path file, String content, PrintWriter err) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content);
            return true;
        } catch (java.io.IOException e) {
            err.println("certs: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }
}
