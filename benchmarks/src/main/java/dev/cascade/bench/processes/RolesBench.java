package dev.cascade.bench.processes;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code cascade bench roles}: mosquitto, Kafka and each role started as its own process one after the other, no load;
 * each one's start-to-ready time and its resident memory when ready and after a settling pause; then everything is
 * stopped (SIGTERM, then SIGKILL).
 */
public final class RolesBench {
    /**
     * One process.
     *
     * @param role its role ({@code mosquitto}, {@code kafka}, {@code edge}, ...)
     * @param pid its process id
     * @param startToReadyMs spawn to the first 200 on /health/ready (brokers: spawn to their port accepting connections)
     * @param rssReadyMiB resident set just after it was ready
     * @param rssSettledMiB resident set after the settling pause (every process started)
     * @param rssPeakMiB the largest resident set it had (VmHWM) by then
     * @param cpuSeconds CPU it used from spawn to the end of the settling pause
     */
    public record Result(String role, long pid, double startToReadyMs, double rssReadyMiB, double rssSettledMiB,
                         double rssPeakMiB, double cpuSeconds) {}

    private RolesBench() {}

    /** Starts every process in {@code dir}, measures, stops them all; returns one result per process in start order. */
    public static List<Result> run(RoleLauncher launcher, Path dir, boolean dashboard, Duration settle, PrintWriter out)
            throws InterruptedException {
        String instance = "roles-" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
        Topics topics = new Topics(instance);
        List<ProcSample> atReady = new ArrayList<>();
        try (ProcessStack stack = ProcessStack.startBrokers(launcher, dir, out)) {
            for (ProcessStack.Member m : stack.members()) {
                atReady.add(m.sample());
            }
            TopicProvisioner.ensure(KafkaSettings.of(stack.kafkaBootstrap(), instance + "-provisioner"), topics, 4,
                    (short) 1);
            ExampleRoles.Settings s = new ExampleRoles.Settings(1, 1, 64, 4, Duration.ofMinutes(5), dashboard);
            for (RoleSpec r : ExampleRoles.specs(launcher.home(), s, topics.namespace(), instance, stack.mqttUri(),
                    stack.kafkaBootstrap())) {
                atReady.add(stack.startRole(r).sample());
            }
            Thread.sleep(settle.toMillis());
            List<Result> results = new ArrayList<>();
            List<ProcessStack.Member> members = stack.members();
            for (int i = 0; i < members.size(); i++) {
                ProcessStack.Member m = members.get(i);
                ProcSample now = m.sample();
                results.add(new Result(m.role(), m.pid(), m.startToReadyMs(), mib(atReady.get(i).rssKiB()),
                        mib(now.rssKiB()), mib(now.hwmKiB()), now.cpuTicks() / (double) ProcSample.TICKS_PER_SECOND));
            }
            out.println();
            out.printf(Locale.ROOT, "%-10s %8s %16s %14s %16s %14s %8s%n", "process", "pid", "start-to-ready ms",
                    "RSS ready MiB", "RSS settled MiB", "peak RSS MiB", "CPU s");
            for (Result r : results) {
                out.printf(Locale.ROOT, "%-10s %8d %16.0f %14.1f %16.1f %14.1f %8.2f%n", r.role(), r.pid(),
                        r.startToReadyMs(), r.rssReadyMiB(), r.rssSettledMiB(), r.rssPeakMiB(), r.cpuSeconds());
            }
            out.flush();
            return results;
        }
    }

    private static double mib(long kib) {
        return Math.round(kib / 1024.0 * 10) / 10.0;
    }
}
