package dev.cascade.dashboard;

import static dev.cascade.dashboard.DashboardFixtures.OPERATOR;
import static dev.cascade.dashboard.DashboardFixtures.OPERATOR_PASSWORD;
import static dev.cascade.dashboard.DashboardFixtures.VIEWER;
import static dev.cascade.dashboard.DashboardFixtures.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.testkit.TestBrokers;
import dev.cascade.testkit.WithBrokers;
import dev.cascade.testkit.browser.Chromium;
import dev.cascade.transport.kafka.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard's page in a real headless Chromium (Debian's chromium + chromium-driver, installed when missing). */
@WithBrokers
@Timeout(150)
class DashboardBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void operator_seesLiveChart_acknowledgesAlarm_andASecondSessionSeesItChange_evenAfterTheStreamDrops(
            TestBrokers brokers) throws Exception {
        Topics topics = brokers.newTopics();
        try (Dashboard d = Dashboard.start(DashboardFixtures.options(), brokers.kafkaSettings("dash"), topics,
                     () -> Map.of("windows/s", 42), new SimpleMeterRegistry(), Clock.systemUTC());
             FakeAlarmService alarmService = new FakeAlarmService(brokers.kafkaSettings("alarms"), topics);
             KafkaProducer<String, byte[]> cloud = KafkaClients.producer(brokers.kafkaSettings("cloud"), "test");
             Chromium operatorBrowser = Chromium.start();
             Chromium viewerBrowser = Chromium.start()) {
            ChromeDriver op = operatorBrowser.driver();
            ChromeDriver viewer = viewerBrowser.driver();
            logIn(op, d.url(), OPERATOR, OPERATOR_PASSWORD);
            logIn(viewer, d.url(), VIEWER, VIEWER_PASSWORD);
            assertThat(op.findElement(By.id("who")).getText()).isEqualTo("alice (operator)");
            assertThat(viewer.findElement(By.id("who")).getText()).isEqualTo("victor (viewer)");

            // a live chart: each result on Kafka moves the device's line and its figure
            DashboardFixtures.send(cloud, topics, DashboardFixtures.result("press-1", 1.25f));
            waitFor(op, dr -> "1.25".equals(lastValue(dr, "press-1")));
            String line = polyline(op, "press-1");
            DashboardFixtures.send(cloud, topics, DashboardFixtures.result("press-1", 3.5f));
            waitFor(op, dr -> "3.50".equals(lastValue(dr, "press-1")));
            waitFor(viewer, dr -> "3.50".equals(lastValue(dr, "press-1")));
            assertThat(polyline(op, "press-1")).isNotEqualTo(line);
            assertThat(op.findElement(By.cssSelector("#dev-press-1 .state")).getText()).isEqualTo("anomaly");
            assertThat(op.findElement(By.id("dev-press-1")).getAttribute("data-points")).isEqualTo("2");

            // an alarm, acknowledged in one browser, changes in both
            alarmService.publish(DashboardFixtures.alarm("alarm-press-1", "press-1"));
            waitFor(op, dr -> "active_unack".equals(status(dr, "alarm-press-1")));
            waitFor(viewer, dr -> "active_unack".equals(status(dr, "alarm-press-1")));
            assertThat(viewer.findElements(By.cssSelector("#alarm-alarm-press-1 button.ack"))).as("viewer has no buttons")
                    .isEmpty();
            op.findElement(By.cssSelector("#alarm-alarm-press-1 button.ack")).click();
            waitFor(op, dr -> "active_ack".equals(status(dr, "alarm-press-1")));
            waitFor(viewer, dr -> "active_ack".equals(status(dr, "alarm-press-1")));
            assertThat(viewer.findElement(By.cssSelector("#alarm-alarm-press-1")).getText()).contains("alice")
                    .contains("active ack");
            assertThat(op.findElements(By.cssSelector("#alarm-alarm-press-1 button.ack"))).isEmpty();
            assertThat(op.findElements(By.cssSelector("#alarm-alarm-press-1 button.clear"))).hasSize(1);

            // the streams drop (as on a network cut): both pages reconnect and their figures keep moving
            d.dropEventStreams();
            DashboardFixtures.send(cloud, topics, DashboardFixtures.result("press-1", 0.75f));
            waitFor(op, dr -> "0.75".equals(lastValue(dr, "press-1")));
            waitFor(viewer, dr -> "0.75".equals(lastValue(dr, "press-1")));
            waitFor(op, dr -> "live".equals(dr.findElement(By.id("conn")).getText()));
            waitFor(viewer, dr -> "live".equals(dr.findElement(By.id("conn")).getText()));
            assertThat(d.eventStreams()).isEqualTo(2);
        }
    }

    private static void logIn(WebDriver driver, String url, String user, String password) {
        driver.get(url);
        waitFor(driver, dr -> dr.getCurrentUrl().endsWith("/login"));
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("submit")).click();
        waitFor(driver, dr -> "live".equals(dr.findElement(By.id("conn")).getText()));
    }

    private static String lastValue(WebDriver driver, String device) {
        var cards = driver.findElements(By.cssSelector("#dev-" + device + " .value"));
        return cards.isEmpty() ? null : cards.get(0).getText();
    }

    private static String polyline(WebDriver driver, String device) {
        return driver.findElement(By.cssSelector("#dev-" + device + " polyline")).getAttribute("points");
    }

    private static String status(WebDriver driver, String alarmId) {
        var rows = driver.findElements(By.id("alarm-" + alarmId));
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-status");
    }

    private static void waitFor(WebDriver driver, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

}
