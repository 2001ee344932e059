package dev.cascade.cli.demo;

import dev.cascade.dashboard.Dashboard;
import dev.cascade.dashboard.DashboardOptions;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Supplier;

/** The demo's dashboard, or nothing when its port is 0. Must be closed. */
final class Dashboards implements AutoCloseable {
    private final Dashboard dashboard;

    private Dashboards(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * Starts the dashboard on {@code port} (loopback only) with a fresh random password, printed once, unless
     * {@code CASCADE_DASHBOARD_PASSWORD} is set.
     */
    static Dashboards start(int port, String kafkaBootstrap, Topics topics, Supplier<Map<String, Object>> status,
                            PrintWriter out) {
        if (port == 0) {
            return new Dashboards(null);
        }
        String password = System.getenv("CASCADE_DASHBOARD_PASSWORD");
        boolean generated = password == null || password.isEmpty();
        if (generated) {
            password = randomPassword();
        }
        KafkaSettings kafka = KafkaSettings.of(kafkaBootstrap, "cascade-demo");
        Dashboard d;
        try {
            d = Dashboard.start(new DashboardOptions("127.0.0.1", port, "operator", password), kafka, topics, status);
        } catch (RuntimeException e) {
            out.printf("Dashboard port %d is not available (%s); using a free port.%n", port, rootMessage(e));
            d = Dashboard.start(new DashboardOptions("127.0.0.1", 0, "operator", password), kafka, topics, status);
        }
        out.printf("Dashboard: %s  (login: operator / %s)%n", d.url(), generated ? password : "$CASCADE_DASHBOARD_PASSWORD");
        return new Dashboards(d);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static String randomPassword() {
        final String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Override
    public void close() {
        if (dashboard != null) {
            dashboard.close();
        }
    }
}
