package dev.cascade.cli.dashboardtools;

import dev.cascade.protocol.alarm.Alarm;
import dev.cascade.protocol.alert.Severity;
import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.testkit.browser.Chromium;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cascade bench dashboard}: alarm record on Kafka to the alarm drawn in a headless Chromium page, per alarm:
 * the send time (wall clock, before the produce) against the page's {@code Date.now()} when the event was applied.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Measure alarm raised on Kafka -> shown in the browser (headless Chromium, same machine clock):",
                "p50 / p99 / max over --alarms alarms at --rate per second, after --warmup discarded ones."})
public final class DashboardBenchCommand implements Callable<Integer> {
    @Option(names = "--alarms", defaultValue = "500", description = "alarms measured (default ${DEFAULT-VALUE})")
    int alarms;

    @Option(names = "--warmup", defaultValue = "50", description = "alarms sent first and not counted (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rate", defaultValue = "20", description = "alarms per second (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--browsers", defaultValue = "2", description = "browser sessions watching (default ${DEFAULT-VALUE})")
    int browsers;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Chromium.ensureInstalled();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Chromium> open = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        try (DashboardStage stage = new DashboardStage(1200, 900)) {
            err.println("bench dashboard: Kafka and dashboard up on " + stage.dashboard().url());
            err.flush();
            for (int i = 0; i < browsers; i++) {
                open.add(stage.browser(1200, 900));
            }
            SseProbe wire = new SseProbe(stage.dashboard().url(), DashboardStage.USER, stage.password());
            err.println("bench dashboard: " + browsers + " browser(s) logged in and live; sending " + (warmup + alarms)
                    + " alarms at " + rate + "/s");
            err.flush();
            Map<String, Long> sent = new HashMap<>();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (int i = 0; i < warmup + alarms; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += periodNanos;
                String id = String.format("bench-alarm-%06d", i);
                Alarm a = Alarm.raised(id, DeviceId.of("press-" + (i % 20)), "anomaly", Severity.CRITICAL,
                        "benchmark alarm " + i, FleetReplay.now());
                long t0 = System.currentTimeMillis();
                stage.producer().send(new ProducerRecord<>(stage.topics().kafka(Channel.ALARMS), id, Codecs.alarm().encode(a)));
                if (i >= warmup) {
                    sent.put(id + "@active_unack", t0);
                }
            }
            stage.producer().flush();
            err.println("bench dashboard: sent; waiting for the browsers");
            err.flush();
            List<Long> latencies = new ArrayList<>();
            int missing = 0;
            for (Chromium c : open) {
                Map<String, Long> seen = awaitSeen(c.driver(), sent.keySet(), Duration.ofSeconds(60));
                for (Map.Entry<String, Long> e : sent.entrySet()) {
                    Long s = seen.get(e.getKey());
                    if (s == null) {
                        missing++;
                    } else {
                        latencies.add(s - e.getValue());
                    }
                }
            }
            latencies.sort(Long::compare);
            List<Long> onWire = new ArrayList<>();
            for (Map.Entry<String, Long> e : sent.entrySet()) {
                Long s = wire.seen().get(e.getKey());
                if (s != null) {
                    onWire.add(s - e.getValue());
                }
            }
            onWire.sort(Long::compare);
            wire.close();
            o.printf("alarm on Kafka -> event on the wire (plain HTTP reader in this JVM): %d of %d: p50 %d ms, p99 %d ms,"
                            + " max %d ms%n", onWire.size(), alarms, pct(onWire, 0.50), pct(onWire, 0.99),
                    onWire.isEmpty() ? -1 : onWire.get(onWire.size() - 1));
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            o.printf("alarm on Kafka -> browser: %d alarms x %d browsers at %d/s (after %d warm-up): p50 %d ms, p99 %d ms,"
                            + " max %d ms, missing %d; load average %.1f before, %.1f after, %d cores%n",
                    alarms, browsers, rate, warmup, pct(latencies, 0.50), pct(latencies, 0.99),
                    latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1), missing, loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors());
            return missing == 0 ? 0 : 1;
        } finally {
            for (Chromium c : open) {
                c.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> awaitSeen(ChromeDriver driver, java.util.Set<String> keys, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> seen = new HashMap<>();
        while (System.nanoTime() < deadline) {
            Object r = driver.executeScript("return window.__cascade.alarmSeen;");
            seen.clear();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) r).entrySet()) {
                seen.put(e.getKey(), ((Number) e.getValue()).longValue());
            }
            if (seen.keySet().containsAll(keys)) {
                break;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
