package org.observer.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vaadin console in Debian's Chromium, against the real application on Payara Micro: a log
 * ingested through the REST API is found by typing its word into the search form, a bad query
 * shows the reason instead of a stack trace, and the header's switch turns the console dark for
 * good (until switched back).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT extends ConsoleInBrowser {


    @BeforeAll
    static void openBrowser() throws IOException {
        startBrowser(1400, 900, false);
    }

    @Test
    void ingestedLogIsFoundAndItsSourceShown() throws Exception {
        String word = "zebra" + System.nanoTime();
        String index = "console-" + System.nanoTime();
        String message = "payment " + word + " accepted for order 42";
        ingest(index, "{\"@timestamp\":\"" + Instant.now() + "\",\"message\":\"" + message
                + "\",\"level\":\"info\",\"user\":{\"name\":\"carol\"}}");

        openConsole();
        type("query", word);
        type("index", index);
        browser.findElement(By.id("search")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), " ms"));
        String status = browser.findElement(By.id("status")).getText();
        assertTrue(status.startsWith("1 hit in "), status);
        WebElement logCell = wait.until(d -> cellContaining(message));
        assertTrue(cellContaining(index) != null, "the hit's index is shown");
        // matches over time: one bar holds the hit
        List<WebElement> bars = browser.findElements(By.cssSelector("#histogram rect.bar"));
        assertTrue(bars.size() > 1, "a histogram is drawn");
        assertEquals(1, bars.stream().mapToLong(b -> Long.parseLong(b.getAttribute("data-count"))).sum());

        // a click on the row opens its details with the whole source, pretty-printed
        logCell.click();
        WebElement source = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#hits pre.log-source")));
        wait.until(d -> source.getText().contains("\"name\": \"carol\""));
        assertTrue(source.getText().contains("\"level\": \"info\""), source.getText());

        screenshot("console.png");
    }

    @Test
    void badQueryShowsTheReason() throws Exception {
        openConsole();
        type("query", "\"open");
        // Enter submits too; the shortcut makes the field send its value first
        browser.findElement(By.cssSelector("#query input")).sendKeys(Keys.ENTER);

        WebElement status = browser.findElement(By.id("status"));
        wait.until(d -> status.getAttribute("class").contains("error"));
        String reason = status.getText();
        assertTrue(reason.contains("quote"), reason);
        assertFalse(reason.contains("Exception") || reason.contains("\tat "), "no stack trace: " + reason);
        WebElement notification = wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("vaadin-notification-card")));
        assertTrue(notification.getText().contains("quote"), notification.getText());
        screenshot("console-error.png");
    }

    @Test
    void indexesViewListsAnIngestedIndex() throws Exception {
        String index = "console-list-" + System.nanoTime();
        ingest(index, "{\"message\":\"listed\"}");

        browser.get(base.toString() + "indexes");
        wait.until(d -> cellContaining(index));
        List<WebElement> cells = browser.findElements(By.cssSelector("#indexes vaadin-grid-cell-content"));
        assertTrue(cells.stream().anyMatch(c -> c.getText().equals("open")), "the new index is OPEN");
        screenshot("console-indexes.png");
    }

    @Test
    void themeToggleTurnsTheConsoleDarkAcrossPageLoads() {
        openConsole();
        assertFalse(htmlTheme().contains("dark"), "headless Chromium prefers light: " + htmlTheme());

        browser.findElement(By.id("theme-toggle")).click();
        wait.until(d -> htmlTheme().contains("dark"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("theme-toggle")));
        assertTrue(htmlTheme().contains("dark"), "the choice outlives the page: " + htmlTheme());

        browser.findElement(By.id("theme-toggle")).click();
        wait.until(d -> !htmlTheme().contains("dark"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("theme-toggle")));
        assertFalse(htmlTheme().contains("dark"), "light again after a reload: " + htmlTheme());
    }

    /** The theme attribute of {@code <html>}, where Lumo looks for its dark variant. */
    private String htmlTheme() {
        String theme = browser.findElement(By.tagName("html")).getDomAttribute("theme");
        return theme == null ? "" : theme;
    }

    private void openConsole() {
        browser.get(base.toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#query input")));
    }

    /** Vaadin 24 text fields slot a native input in the light DOM; replace its text. */
    private void type(String fieldId, String text) {
        WebElement input = browser.findElement(By.cssSelector("#" + fieldId + " input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }
}
