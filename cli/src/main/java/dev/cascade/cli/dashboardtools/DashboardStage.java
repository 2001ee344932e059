package dev.cascade.cli.dashboardtools;

import dev.cascade.dashboard.Dashboard;
import dev.cascade.dashboard.DashboardOptions;
import dev.cascade.dashboard.auth.LoginPolicy;
import dev.cascade.dashboard.auth.PasswordHash;
import dev.cascade.dashboard.auth.Role;
import dev.cascade.dashboard.auth.Sessions;
import dev.cascade.dashboard.auth.UserAccount;
import dev.cascade.infra.kafka.EmbeddedKafka;
import dev.cascade.infra.kafka.KafkaBrokerConfig;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.browser.Chromium;
import dev.cascade.transport.kafka.KafkaClients;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A dashboard on its own in-process Kafka, with a one-off operator login and a producer to feed it, and headless
 * Chromium browsers logged in to it: what the screenshot and the dashboard benchmark run. Must be closed.
 */
final class DashboardStage implements AutoCloseable {
    static final String USER = "operator";

    private final EmbeddedKafka kafka;
    private final Topics topics = new Topics("cascade");
    private final Dashboard dashboard;
    private final KafkaProducer<String, byte[]> producer;
    private final String password = Sessions.random();

    DashboardStage(int width, int height) {
        EmbeddedKafka k = EmbeddedKafka.start(KafkaBrokerConfig.defaults());
        Dashboard d = null;
        try {
            KafkaSettings settings = KafkaSettings.of(k.bootstrapServers(), "cascade-stage");
            TopicProvisioner.ensure(settings, topics, 2, (short) 1);
            DashboardOptions o = new DashboardOptions("127.0.0.1", 0, List.of(new UserAccount(USER, Role.OPERATOR,
                    PasswordHash.of(password, 10_000))), Duration.ofHours(1), false, LoginPolicy.DEFAULT,
                    Duration.ofMinutes(5), 120, 500);
            d = Dashboard.start(o, settings, topics, Map::of, new SimpleMeterRegistry(), Clock.systemUTC());
            this.producer = KafkaClients.producer(settings, "stage");
        } catch (RuntimeException e) {
            if (d != null) {
                d.close();
            }
            k.close();
            throw e;
        }
        this.kafka = k;
        this.dashboard = d;
    }

    String password() {
        return password;
    }

    Topics topics() {
        return topics;
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    Dashboard dashboard() {
        return dashboard;
    }

    /** A new browser, logged in, its page live. */
    Chromium browser(int width, int height) {
        Chromium c = Chromium.start(width, height);
        try {
            ChromeDriver driver = c.driver();
            driver.get(dashboard.url() + "login");
            driver.findElement(By.id("user")).sendKeys(USER);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("submit")).click();
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(dr -> "live".equals(dr.findElement(By.id("conn")).getText()));
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
            dashboard.close();
        } finally {
            kafka.close();
        }
    }
}
