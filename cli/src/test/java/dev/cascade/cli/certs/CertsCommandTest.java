package dev.cascade.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.cli.Cascade;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CertsCommandTest {
    @TempDir
    Path dir;

    private String run(StringWriter err, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Cascade.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return rc + "\n" + out;
    }

    @Test
    void certs_fromAFleetList_writesEveryIdentityAndTheAcl_keysOwnerOnly() throws Exception {
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "device press-0\ngateway gateway-1 serves=press-0\ningest ingest-1\n");
        Path out = dir.resolve("pki");

        String result = run(new StringWriter(), "certs", "--fleet", fleet.toString(), "--out", out.toString());

        assertThat(result).startsWith("0\nmade a new development CA in " + out)
                .contains("  wrote clients/press-0.pem", "  wrote clients/gateway-1-key.pem", "  wrote mosquitto/acl",
                        "  wrote mosquitto/dynamic-security.json",
                        "3 identities");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("clients/press-0-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("mosquitto/acl"))).contains("user ingest-1\ntopic read cascade/v1/+/escalations\n");

        String again = run(new StringWriter(), "certs", "--fleet", fleet.toString(), "--out", out.toString());
        assertThat(again).startsWith("0\nreused the development CA in " + out);
    }

    @Test
    void certs_aclOnly_writesTheAclAndNoKey_evenInAGitWorkTree() throws Exception {
        Files.createDirectories(dir.resolve("repo/.git"));
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "device press-0\ningest ingest-1 connections=probe\n");
        Path acl = dir.resolve("repo/k8s/acl");

        String result = run(new StringWriter(), "certs", "--fleet", fleet.toString(), "--acl-only", acl.toString());

        assertThat(result).isEqualTo("0\nwrote the mosquitto ACL of 2 identities to " + acl + "\n");
        assertThat(Files.readString(acl)).contains("user ingest-1-probe\ntopic read cascade/v1/+/escalations\n",
                "user press-0\ntopic write cascade/v1/press-0/windows\n");
        try (var files = Files.list(dir.resolve("repo/k8s"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("acl");
        }
    }

    @Test
    void certs_dynsecWithAclOnly_writesBothRuleFilesAndNoKey() throws Exception {
        Files.createDirectories(dir.resolve("repo/.git"));
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "device press-0\ningest ingest-1 group=ingest\n");
        Path acl = dir.resolve("repo/k8s/acl");
        Path dynsec = dir.resolve("repo/k8s/dynamic-security.json");

        String result = run(new StringWriter(), "certs", "--fleet", fleet.toString(), "--acl-only", acl.toString(),
                "--dynsec", dynsec.toString());

        assertThat(result).isEqualTo("0\nwrote the mosquitto ACL of 2 identities to " + acl
                + "\nwrote the dynamic-security configuration of 2 identities to " + dynsec + "\n");
        assertThat(Files.readString(dynsec)).contains(
                "{\"acltype\": \"subscribePattern\", \"topic\": \"$share/ingest/cascade/v1/+/escalations\", \"allow\": true}");
        try (var files = Files.list(dir.resolve("repo/k8s"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("acl", "dynamic-security.json");
        }
    }

    @Test
    void certs_intoAGitWorkTree_isRefused() throws Exception {
        Files.createDirectories(dir.resolve("repo/.git"));
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "device press-0\n");
        StringWriter err = new StringWriter();

        String result = run(err, "certs", "--fleet", fleet.toString(), "--out", dir.resolve("repo/pki").toString());

        assertThat(result).startsWith("2\n");
        assertThat(err.toString()).contains("is inside the git work tree " + dir.resolve("repo"));
        assertThat(dir.resolve("repo/pki")).doesNotExist();
    }

    @Test
    void certs_withABadFleetList_namesTheLine() throws Exception {
        Path fleet = dir.resolve("fleet.txt");
        Files.writeString(fleet, "device press-0\nrobot r2\n");
        StringWriter err = new StringWriter();

        assertThat(run(err, "certs", "--fleet", fleet.toString(), "--out", dir.resolve("pki").toString())).startsWith("2\n");
        assertThat(err.toString()).contains(fleet + ":2: a line must start with namespace, device, gateway");
    }
}
