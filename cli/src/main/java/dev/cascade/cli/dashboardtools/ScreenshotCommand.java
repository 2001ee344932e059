package dev.cascade.cli.dashboardtools;

import dev.cascade.testkit.browser.Chromium;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cascade screenshot}: a picture of the dashboard fed with a simulated fleet, taken in headless Chromium. */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = {"Start an in-process Kafka and a dashboard, feed it a simulated fleet (four presses, two fields,",
                "commands, alarms), log in with headless Chromium and save a PNG of the page.",
                "Needs Debian's chromium and chromium-driver (infra/local/install-deps.sh chromium installs them)."})
public final class ScreenshotCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "docs/img/dashboard.png", description = "PNG to write (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--width", defaultValue = "1400", description = "window width in pixels (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "1150", description = "window height in pixels (default ${DEFAULT-VALUE})")
    int height;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Chromium.ensureInstalled();
        try (DashboardStage stage = new DashboardStage(width, height);
             Chromium browser = stage.browser(width, height)) {
            new FleetReplay(stage.producer(), stage.topics()).play(60, Duration.ofSeconds(2));
            ChromeDriver driver = browser.driver();
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(dr ->
                    dr.findElements(By.cssSelector(".device")).size() == 6
                            && dr.findElements(By.cssSelector("#alarms tr")).size() == 3
                            && dr.findElements(By.cssSelector("#commands tr")).size() == 2
                            && "60".equals(dr.findElement(By.id("dev-press-1")).getAttribute("data-points")));
            Thread.sleep(1500); // one more health push, so the figures are the replay's
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, png);
            o.printf("wrote %s (%d x %d, %,d bytes)%n", out, width, height, png.length);
        }
        return 0;
    }
}
