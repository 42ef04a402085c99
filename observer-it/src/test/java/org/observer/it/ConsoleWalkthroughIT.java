package org.observer.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A held-out walk through the console as a user makes it: only the visible text of links, labels
 * and buttons is used to get around (no element ids), with logs of a system no other test ships
 * (loghub's HealthApp), and every figure the pages show compared with the API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleWalkthroughIT extends ConsoleInBrowser {

    @BeforeAll
    static void openBrowser() throws IOException {
        startBrowser(1280, 900, false);
    }

    @Test
    void everyViewIsReachedByItsVisibleTextAndShowsWhatTheApiSays() throws Exception {
        Http http = new Http(base.toString());
        String index = "healthapp-" + System.nanoTime();
        List<String> lines = Loghub.lines("HealthApp", 600);
        long now = System.currentTimeMillis();
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            bulk.append("{\"create\":{}}\n{\"@timestamp\":\"").append(Instant.ofEpochMilli(now - 3_000_000L + 5_000L * i))
                    .append("\",\"message\":").append(Loghub.quote(lines.get(i))).append("}\n");
        }
        Http.Answer stored = http.post("/" + index + "/_bulk?refresh=wait_for", bulk.toString());
        assertEquals(200, stored.status(), stored.body());
        String word = "screen";
        long expected = Loghub.countWithToken(lines, word);
        assertTrue(expected > 0, "the sample holds the word");
        assertFalse(stored.json().getBoolean("errors"), stored.body());
        Http.Answer counted = http.get("/api/search?size=0&index=" + index + "&q=" + word);
        assertEquals(200, counted.status(), counted.body());
        assertEquals(expected, counted.json().getJsonNumber("total").longValue(), "the API agrees with the sample");
        Wait<WebDriver> wait = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);

        // Search: type into the fields by their labels, press the button by its text
        browser.get(base.toString());
        type(wait, "Query", word);
        type(wait, "Index", index);
        button(wait, "Search").click();
        String hits = NumberFormat.getIntegerInstance(Locale.US).format(expected) + " hits in ";
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(hits));

        // Indexes: the nav link's text, then the index's row with its document count
        link(wait, "Indexes").click();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains("Indexes") && cellText(d, index) != null);

        // Oplog: the index's creation is listed
        link(wait, "Oplog").click();
        wait.until(d -> d.getCurrentUrl().endsWith("/oplog") || d.getCurrentUrl().contains("/oplog?"));
        type(wait, "Index", index);
        field(wait, "Index").sendKeys(Keys.ENTER);
        wait.until(d -> cellText(d, "CREATED") != null && cellText(d, index) != null);

        // Cluster: this node, by the name the API gives it
        String node = Http.upNode(http.get("/api/cluster").json()).getString("name");
        link(wait, "Cluster").click();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(node));

        // Live tail: a log posted now appears without a reload
        link(wait, "Live tail").click();
        wait.until(d -> d.getCurrentUrl().contains("/tail"));
        type(wait, "Index", index);
        button(wait, "Tail").click();
        String marker = "walkthrough" + System.nanoTime();
        assertEquals(202, http.post("/api/logs/" + index, "{\"message\":\"" + marker + " arrived\"}").status());
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(marker));

        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    /** A text field by its visible label (Vaadin slots the label and the native input in the light DOM). */
    private static WebElement field(Wait<WebDriver> wait, String label) {
        return wait.until(d -> d.findElements(By.xpath("//vaadin-text-field[label[normalize-space(.)='" + label + "']]//input"))
                .stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /**
     * Replaces what the field labelled {@code label} holds (the views fill some in, such as the index
     * pattern {@code *}); found again if the view redraws it meanwhile (a busy machine can redraw a
     * view just entered after the field was found).
     */
    private static void type(Wait<WebDriver> wait, String label, String text) {
        wait.until(d -> {
            WebElement input = field(wait, label);
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            input.sendKeys(text);
            return text.equals(input.getAttribute("value"));
        });
    }

    private static WebElement button(Wait<WebDriver> wait, String text) {
        return wait.until(d -> d.findElements(By.xpath("//vaadin-button[normalize-space(.)='" + text + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static WebElement link(Wait<WebDriver> wait, String text) {
        return wait.until(d -> d.findElements(By.linkText(text)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** The text of a grid cell (rendered in the light DOM) containing {@code text}, or null. */
    private static String cellText(WebDriver d, String text) {
        return d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream().map(WebElement::getText)
                .filter(t -> t.contains(text)).findFirst().orElse(null);
    }
}
