package dev.cascade.testkit.browser;

import dev.cascade.testkit.process.RepoFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromium-driver}
 * (ChromeDriver at {@code /usr/bin/chromedriver}), installed through {@code infra/local/install-deps.sh} when
 * missing; never a downloaded browser. Each instance is its own browser with its own profile (so two instances
 * are two users' sessions). Not thread-safe; must be closed (quits the browser, deletes the profile).
 */
public final class Chromium implements AutoCloseable {
    /** Debian's browser. */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** Debian's ChromeDriver. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(int width, int height) {
        ensureInstalled();
        try {
            this.profile = Files.createTempDirectory("cascade-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a Chromium profile folder", e);
        }
        ChromeDriverService s = null;
        try {
            s = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                    .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
            ChromeOptions o = new ChromeOptions();
            o.setBinary(BROWSER.toFile());
            o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            this.service = s;
            this.driver = new ChromeDriver(s, o);
            driver.manage().window().setSize(new Dimension(width, height));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            if (s != null) {
                s.stop();
            }
            deleteProfile();
            throw e;
        }
    }

    /** A new headless browser with a 1400 x 1000 window. */
    public static Chromium start() {
        return new Chromium(1400, 1000);
    }

    /** A new headless browser with a window of this size. */
    public static Chromium start(int width, int height) {
        return new Chromium(width, height);
    }

    /** The driver, to load pages, find elements, run scripts and take screenshots. */
    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Makes sure Chromium and ChromeDriver are installed, running {@code infra/local/install-deps.sh chromium}
     * when not; throws with the script's output when that fails (a test never skips silently).
     */
    public static synchronized void ensureInstalled() {
        if (installed()) {
            return;
        }
        Path script = RepoFiles.find("infra/local/install-deps.sh");
        String out;
        int rc;
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "chromium").redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rc = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing chromium", e);
        }
        if (rc != 0 || !installed()) {
            throw new IllegalStateException("chromium and chromium-driver are not installed and " + script
                    + " could not install them (exit " + rc + "):\n" + out);
        }
    }

    private static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
