package org.observer.it;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's Chromium, headless, driven by its chromedriver for the console's browser tests: a
 * profile of its own under target/, the page's console kept ({@link LogType#BROWSER}), and every
 * page's uncaught errors and rejections collected from its very start ({@link #pageErrors}).
 */
final class Chromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    private static final String ERROR_TRAP = "window.__pageErrors = [];"
            + "addEventListener('error', e => window.__pageErrors.push(String(e.message)));"
            + "addEventListener('unhandledrejection', e => window.__pageErrors.push(String(e.reason)));";

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a window of {@code width} × {@code height} pixels. */
    static Chromium start(int width, int height) throws IOException {
        return start(width, height, false);
    }

    /** @param network also keep the DevTools network events ({@link LogType#PERFORMANCE}: WebSockets, requests) */
    static Chromium start(int width, int height, boolean network) throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium: apt-get install -y chromium chromium-driver");
        // an explicit driver path keeps Selenium Manager from looking for (and downloading) one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        Path profile = Files.createDirectories(TARGET.resolve("chromium-profile-" + System.nanoTime()));
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (network) {
            logs.enable(LogType.PERFORMANCE, Level.ALL);
        }
        options.setCapability("goog:loggingPrefs", logs);
        options.setAcceptInsecureCerts(true); // nodes serving HTTPS in tests have self-signed certificates
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_TRAP));
        return new Chromium(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The uncaught errors and unhandled rejections of the page shown now, since it loaded. */
    @SuppressWarnings("unchecked")
    List<String> pageErrors() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return window.__pageErrors || [];");
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
