package dev.cascade.testkit.process;

import dev.cascade.infra.net.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Debian's mosquitto as a child process, from the repository's {@code infra/local/mosquitto.conf.template}: loopback
 * only, a free port, persistence in {@code <dir>/data}, log in {@code <dir>/mosquitto.log}. When mosquitto is not
 * installed, runs {@code infra/local/install-deps.sh} first (and fails with its message if that cannot install it).
 * {@link #kill()} (SIGKILL) or {@link #stop()} (SIGTERM), then {@link #start()} again on the same port and data.
 * Not thread-safe; must be closed.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final boolean saveOnEveryChange;
    private final Tls tls;
    private ChildProcess process;

    /**
     * A mutual-TLS listener with rules instead of the open one ({@code infra/local/mosquitto-tls.conf.template}).
     *
     * @param caFile PEM of the CA whose client certificates are accepted
     * @param certFile the broker's PEM certificate (chain)
     * @param keyFile its PEM private key
     * @param aclFile the mosquitto ACL file (users are certificate CNs), used when {@code dynsecFile} is empty
     * @param dynsecFile the dynamic-security plugin's configuration: when present, the broker loads the plugin with a
     *     copy of it in its folder (the plugin rewrites the file) instead of the ACL file
     */
    public record Tls(Path caFile, Path certFile, Path keyFile, Path aclFile, Optional<Path> dynsecFile) {
        public Tls {
            if (caFile == null || certFile == null || keyFile == null || aclFile == null || dynsecFile == null) {
                throw new IllegalArgumentException("caFile, certFile, keyFile, aclFile and dynsecFile must not be null");
            }
        }

        /** With the ACL file, not the plugin. */
        public Tls(Path caFile, Path certFile, Path keyFile, Path aclFile) {
            this(caFile, certFile, keyFile, aclFile, Optional.empty());
        }

        /**
         * The files {@code cascade certs} (FleetCertificates) wrote into {@code pki}, with the dynamic-security plugin,
         * as the layouts run it.
         */
        public static Tls of(Path pki) {
            return new Tls(pki.resolve("ca.pem"), pki.resolve("broker/cascade-broker.pem"),
                    pki.resolve("broker/cascade-broker-key.pem"), pki.resolve("mosquitto/acl"),
                    Optional.of(pki.resolve("mosquitto/dynamic-security.json")));
        }

        /** The files of {@code pki} with mosquitto's {@code acl_file} instead of the plugin. */
        public static Tls withAclFile(Path pki) {
            return of(pki).withoutDynsec();
        }

        /** The same certificates with the ACL file instead of the plugin. */
        public Tls withoutDynsec() {
            return new Tls(caFile, certFile, keyFile, aclFile);
        }
    }

    private MosquittoProcess(Path dir, int port, boolean saveOnEveryChange, Tls tls) {
        this.dir = dir;
        this.port = port;
        this.saveOnEveryChange = saveOnEveryChange;
        this.tls = tls;
    }

    /**
     * Starts mosquitto in {@code dir} on {@code port} (0: a free one) and returns once it accepts connections.
     *
     * @param saveOnEveryChange write the persistence file after every change (so a SIGKILL loses nothing; slow,
     *     for tests), instead of every second
     */
    public static MosquittoProcess start(Path dir, int port, boolean saveOnEveryChange) {
        MosquittoProcess m = new MosquittoProcess(dir.toAbsolutePath(), FreePort.orPick(port), saveOnEveryChange, null);
        m.start();
        return m;
    }

    /**
     * Starts mosquitto with only a mutual-TLS listener and the rules of {@code tls}: the dynamic-security plugin when
     * it names a configuration, else its ACL file (see {@link #start}).
     */
    public static MosquittoProcess startTls(Path dir, int port, boolean saveOnEveryChange, Tls tls) {
        MosquittoProcess m = new MosquittoProcess(dir.toAbsolutePath(), FreePort.orPick(port), saveOnEveryChange, tls);
        m.start();
        return m;
    }

    /** (Re)starts the broker on its port and data folder; does nothing while it runs. */
    public void start() {
        if (process != null && process.alive()) {
            return;
        }
        if (process != null) {
            process.release();
        }
        String binary = binary();
        Path conf = writeConfig();
        process = ChildProcess.start("mosquitto", List.of(binary, "-c", conf.toString()), dir, log());
        try {
            process.awaitPort(port, START_TIMEOUT);
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    /** SIGKILL: the broker dies at once, as in a crash (what it had not saved is lost). */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM: the broker saves its state and exits (SIGKILL after 10 s). */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    public boolean running() {
        return process != null && process.alive();
    }

    public int port() {
        return port;
    }

    /** e.g. {@code tcp://127.0.0.1:41234}, or {@code ssl://127.0.0.1:41234} with TLS. */
    public String serverUri() {
        return (tls == null ? "tcp" : "ssl") + "://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    @Override
    public void close() {
        stop();
        if (process != null) {
            process.release();
        }
    }

    private Path writeConfig() {
        try {
            Files.createDirectories(dataDir());
            String name = tls == null ? "infra/local/mosquitto.conf.template" : "infra/local/mosquitto-tls.conf.template";
            String template = Files.readString(RepoFiles.find(name), StandardCharsets.UTF_8);
            if (tls != null) {
                template = template.replace("@CA_FILE@", tls.caFile().toAbsolutePath().toString())
                        .replace("@CERT_FILE@", tls.certFile().toAbsolutePath().toString())
                        .replace("@KEY_FILE@", tls.keyFile().toAbsolutePath().toString())
                        .replace("\n@AUTHORIZATION@\n", "\n" + authorization() + "\n");
            }
            String conf = template.replace("@PORT@", String.valueOf(port))
                    .replace("@DATA_DIR@", dataDir().toString())
                    .replace("@USER@", System.getProperty("user.name"))
                    .replace("@AUTOSAVE_INTERVAL@", "1")
                    .replace("@AUTOSAVE_ON_CHANGES@", String.valueOf(saveOnEveryChange));
            Path file = dir.resolve("mosquitto.conf");
            Files.writeString(file, conf, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mosquitto config in " + dir, e);
        }
    }

    /** The listener's rules: the plugin with a fresh, writable copy of the dynsec configuration, or the ACL file. */
    private String authorization() throws IOException {
        if (tls.dynsecFile().isEmpty()) {
            return "acl_file " + tls.aclFile().toAbsolutePath();
        }
        Path copy = dir.resolve("dynamic-security.json");
        Files.copy(tls.dynsecFile().get(), copy, StandardCopyOption.REPLACE_EXISTING);
        return "plugin " + DynsecPlugin.find() + "\nplugin_opt_config_file " + copy;
    }

    /** The mosquitto binary, installing Debian's package through the project's script when it is missing. */
    static synchronized String binary() {
        String found = lookup();
        if (found != null) {
            return found;
        }
        Path script = RepoFiles.find("infra/local/install-deps.sh");
        StringBuilder out = new StringBuilder();
        int rc;
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            rc = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing mosquitto", e);
        }
        found = lookup();
        if (rc != 0 || found == null) {
            throw new IllegalStateException("mosquitto is not installed and " + script + " could not install it (exit "
                    + rc + "):\n" + out);
        }
        return found;
    }

    private static String lookup() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "mosquitto"))) {
                return Path.of(d, "mosquitto").toString();
            }
        }
        return null;
    }
}
