package org.observer.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every test of the console in Debian's Chromium shares: the application on Payara Micro
 * (Arquillian deploys the WAR the build made), one browser per test class (each starts it in its
 * {@code @BeforeAll} with the window it needs, see {@link #startBrowser}), an HTTP client for the
 * API, a wait, and screenshots under {@code target/}.
 */
abstract class ConsoleInBrowser {

    static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    /** How long a page may take to show a change here (2 shared cores, other builds running): a deadline, not a measure. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("observer.war")));
    }

    @ArquillianResource
    URL base;

    static Chromium chromium;
    static ChromeDriver browser;
    Http http;
    WebDriverWait wait;

    /** @param networkEvents whether the browser's log keeps the network events (which WebSockets a page opened) */
    static void startBrowser(int width, int height, boolean networkEvents) throws IOException {
        chromium = Chromium.start(width, height, networkEvents);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @BeforeEach
    void clients() {
        http = new Http(base.toString());
        wait = new WebDriverWait(browser, DEADLINE);
    }

    /** Posts one log and waits until it is searchable. */
    void ingest(String index, String log) throws Exception {
        Http.Answer answer = http.post("/api/logs/" + index + "?refresh=wait_for", log);
        assertEquals(202, answer.status(), answer.body());
    }

    /** The grid cell (rendered in the light DOM) whose text contains {@code text}, or null. */
    WebElement cellContaining(String text) {
        return browser.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .filter(c -> c.getText().contains(text))
                .findFirst().orElse(null);
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
