package dev.cascade.cli.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A role as a real process: SIGTERM stops it in order and it exits 0. */
@WithBrokers
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoleProcessIT {

    @Test
    void actuate_onSigterm_stopsCleanlyAndExitsZero(TestBrokers brokers, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("actuate.yaml"), """
                actuate:
                  namespace: %s
                  mqtt: {uri: '%s'}
                  kafka: {bootstrap: '%s'}
                  shutdown: {timeout: 20s}
                  ops: {port: 0}
                """.formatted(brokers.newTopics().namespace(), brokers.mqttUri(), brokers.kafkaBootstrap()));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "-Dlogback.configurationFile=cascade-logback.xml", "dev.cascade.cli.Cascade",
                "actuate", "--config", file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals("actuate: started")) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "role-process-output");
        reader.start();
        try {
            assertThat(started.await(90, TimeUnit.SECONDS)).as("started; output: %s", lines).isTrue();
            // SIGTERM by pid (Process.destroy would also close the pipes this test reads the shutdown lines from)
            assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor()).isEqualTo(0);

            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited; output: %s", lines).isTrue();
            reader.join();
            assertThat(p.exitValue()).as("exit status; output: %s", lines).isEqualTo(0);
            assertThat(lines).contains("actuate: stopping", "actuate: stopped");
        } finally {
            p.destroyForcibly();
        }
    }
}
