package org.observer.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's admin views in Debian's Chromium, against the real application on Payara Micro:
 * an index is closed, opened, compacted, snapshotted, restored and deleted from /indexes (the REST
 * API agrees each time), its page shows its chunks, /oplog shows its actions filtered by index,
 * /cluster shows this node with its partitions, and every view fits a 390 px wide phone.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminViewsBrowserIT extends ConsoleInBrowser {


    @BeforeAll
    static void openBrowser() throws IOException {
        startBrowser(1280, 900, false);
    }

    @BeforeEach
    void windowSize() {
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterEach
    void noPageErrors() {
        assertEquals(List.of(), pageErrors(), "uncaught errors on the page");
    }

    @Test
    void indexIsClosedOpenedCompactedRestoredAndDeleted() throws Exception {
        String index = "admin-" + System.nanoTime();
        String other = "other-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            ingest(index, "{\"@timestamp\":\"" + Instant.now() + "\",\"message\":\"admin view line " + i + "\"}");
        }
        ingest(other, "{\"message\":\"not this one\"}");

        open("indexes");
        type("index-filter", index);
        wait.until(d -> shownCell(index) != null && shownCell(other) == null);
        assertTrue(shownCell("3") != null, "its three logs are counted");
        clickStateCell(); // selects the row: the actions act on it

        click("close");
        wait.until(d -> shownCell("closed") != null);
        assertEquals("closed", state(index));

        click("open");
        wait.until(d -> shownCell("open") != null);
        assertEquals("open", state(index));

        click("compact");
        waitForNotification(index + " is compacted");
        click("snapshot");
        waitForNotification("of " + index + " taken");
        assertEquals(1, http.get("/api/indexes/" + index + "/_snapshots").json().getJsonArray("snapshots").size());

        click("restore");
        WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm")));
        assertTrue(confirm.getText().contains("Restore"), confirm.getText());
        confirm.click();
        waitForNotification(index + " is restored");
        assertEquals(3, http.get("/api/indexes/" + index).json().getJsonNumber("documents").longValue());
        screenshot("admin-indexes.png");

        // its own page: the chunks its oplog tells of (compaction made a cold one), and snapshots
        wait.until(d -> {
            open("indexes/" + index);
            return shownCell("cold", By.id("chunks")) != null;
        });
        assertTrue(browser.findElement(By.id("index-summary")).getText().contains("3"), "its log count is shown");
        assertTrue(shownCell("Restore…", By.id("snapshots")) != null, "its snapshot is listed");
        assertTrue(shownCell("CREATED", By.id("index-oplog")) != null, "its history is shown");
        screenshot("admin-index-page.png");

        // deleting asks first; cancelling keeps it
        open("indexes");
        type("index-filter", index);
        wait.until(d -> shownCell(index) != null);
        clickStateCell();
        click("delete");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
        assertEquals(200, http.get("/api/indexes/" + index).status(), "cancelled: still there");
        click("delete");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm"))).click();
        wait.until(d -> shownCell(index) == null);
        assertEquals(404, http.get("/api/indexes/" + index).status());

        // the oplog, filtered by the index, tells its story newest first
        wait.until(d -> {
            open("oplog?index=" + index);
            return shownCell("DELETED", By.id("oplog")) != null;
        });
        List<String> actions = shownCells(By.id("oplog")).stream()
                .filter(c -> c.matches("[A-Z]+")).toList();
        // what the nodes did, newest first; beside it, what was asked for from the console and by whom
        List<String> done = actions.stream().filter(a -> !a.equals("REQUESTED")).toList();
        assertEquals("DELETED", done.get(0), "newest first: " + actions);
        assertTrue(done.contains("CREATED") && done.contains("COMPACTED") && done.contains("RESTORED"), actions.toString());
        assertTrue(shownCells(By.id("oplog")).stream().anyMatch(c -> c.startsWith("delete by the user [")),
                "who asked for the delete: " + shownCells(By.id("oplog")));
        assertFalse(shownCells(By.id("oplog")).contains(other), "another index's actions are filtered out");
        screenshot("admin-oplog.png");

        // the filter field does the same as the link
        open("oplog");
        type("oplog-index", other);
        wait.until(d -> shownCell(other, By.id("oplog")) != null);
        assertTrue(shownCell(index, By.id("oplog")) == null, "the deleted index is filtered out");
    }

    @Test
    void clusterShowsThisNodeWithItsPartitionsAndUpdatesLive() throws Exception {
        ingest("daily" + System.nanoTime() + "-2026.12.07", "{\"message\":\"for the disk chart\"}");
        JsonObject cluster = http.get("/api/cluster").json();
        String node = Http.upNode(cluster).getString("name");
        int partitions = cluster.getJsonArray("partitions").size();

        open("cluster");
        // the view redraws every 2 s: read it within waits that look again at a replaced element
        Wait<WebDriver> live = new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class);
        By card = By.cssSelector(".node-card[data-node='" + node + "']");
        live.until(d -> d.findElement(card).findElement(By.cssSelector(".node-head .state")).getText().equals("up"));
        String owned = live.until(d -> d.findElement(card).findElement(By.className("node-partitions")).getText());
        assertEquals(partitions, owned.split(", ").length, "one node owns every partition: " + owned);
        live.until(d -> shownCells(By.id("partitions")).stream().filter(node::equals).count() == partitions);
        // disk by prefix: at most ten bars and one for the rest, together all that the indexes hold
        // (which prefixes lead depends on what earlier tests left; IndexPrefixesTest checks the grouping)
        live.until(d -> {
            List<WebElement> bars = d.findElements(By.cssSelector("#disk-chart g.bar-row"));
            long drawn = bars.stream().mapToLong(b -> Long.parseLong(b.getAttribute("data-value"))).sum();
            return !bars.isEmpty() && bars.size() <= 11 && drawn == diskOfAllIndexes();
        });
        // live: the poll redraws the chart as the sampler adds samples
        int samples = live.until(d -> Integer.valueOf(d.findElement(By.id("ingest-chart")).getAttribute("data-samples")));
        live.until(d -> Integer.parseInt(d.findElement(By.id("ingest-chart")).getAttribute("data-samples")) > samples);
        // searches through the API show in this node's search rate and latency within a sample or two
        for (int i = 0; i < 20; i++) {
            assertEquals(200, http.get("/api/search?size=1&q=admin&from=now-1h&index=*").status());
        }
        live.until(d -> Double.parseDouble(d.findElement(By.id("search-chart")).getAttribute("data-peak")) > 0);
        live.until(d -> Double.parseDouble(d.findElement(By.id("latency-chart")).getAttribute("data-peak")) > 0);
        screenshot("admin-cluster.png");
    }

    @Test
    void aMissingIndexIsToldInPlace() {
        open("indexes/nosuch-" + System.nanoTime());
        WebElement status = browser.findElement(By.id("index-status"));
        wait.until(d -> status.getText().contains("no such index"));
        assertFalse(browser.findElement(By.tagName("body")).getText().contains("Exception"), "no stack trace");
    }

    @Test
    void everyViewFitsAPhone() throws Exception {
        String index = "phone-" + System.nanoTime();
        ingest(index, "{\"message\":\"narrow\"}");
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String view : List.of("indexes", "indexes/" + index, "oplog", "cluster")) {
            open(view);
            wait.until(d -> !browser.findElements(By.cssSelector("vaadin-grid-cell-content")).isEmpty()
                    || !browser.findElements(By.className("node-card")).isEmpty());
            // the narrow layout (columns swapped) comes once the browser has told its width
            wait.until(d -> horizontalOverflow() <= 0);
            assertEquals(0, horizontalOverflow(), view + ": neither the page nor a grid scrolls sideways");
            screenshot("admin-390-" + view.replace('/', '-') + ".png");
        }
    }

    private long diskOfAllIndexes() {
        try {
            return http.get("/api/indexes").json().getJsonArray("indexes").getValuesAs(JsonObject.class).stream()
                    .mapToLong(i -> i.getJsonNumber("disk_bytes").longValue()).sum();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String state(String index) throws Exception {
        Http.Answer answer = http.get("/api/indexes/" + index);
        assertEquals(200, answer.status(), answer.body());
        return answer.json().getString("state").toLowerCase(Locale.ROOT);
    }

    private void open(String path) {
        browser.get(base.toString() + path);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".console-content > *")));
    }

    private void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Vaadin 24 text fields slot a native input in the light DOM; replace its text. */
    private void type(String fieldId, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + fieldId + " input")));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text, Keys.TAB);
    }

    private void waitForNotification(String text) {
        wait.until(d -> d.findElements(By.tagName("vaadin-notification-card")).stream()
                .anyMatch(n -> textOf(n).contains(text)));
        assertTrue(browser.findElements(By.tagName("vaadin-notification-card")).stream()
                .noneMatch(n -> n.getAttribute("theme") != null && n.getAttribute("theme").contains("error")),
                "no error notification");
    }

    /** The state cell of the only row shown (the filter leaves one): a click selects the row. */
    /** Clicks the row's state cell; the grid may redraw it between finding and clicking (then: again). */
    private void clickStateCell() {
        wait.ignoring(ElementNotInteractableException.class).ignoring(StaleElementReferenceException.class).until(d -> {
            stateCell().click();
            return true;
        });
    }

    private WebElement stateCell() {
        return wait.until(d -> Stream.of("open", "closed").map(this::shownCell).filter(c -> c != null).findFirst().orElse(null));
    }

    /** A shown grid cell (rendered in the light DOM) whose whole text is {@code text}, or null. */
    private WebElement shownCell(String text) {
        return shownCell(text, By.tagName("body"));
    }

    private WebElement shownCell(String text, By within) {
        for (WebElement cell : browser.findElement(within).findElements(By.cssSelector("vaadin-grid-cell-content"))) {
            try {
                if (cell.isDisplayed() && cell.getText().trim().equals(text)) {
                    return cell;
                }
            } catch (StaleElementReferenceException e) {
                // re-rendered meanwhile: the next look finds it
            }
        }
        return null;
    }

    /** The texts of the shown cells in the grid, in document order (row by row). */
    private List<String> shownCells(By grid) {
        return browser.findElement(grid).findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .filter(WebElement::isDisplayed).map(c -> c.getText().trim()).toList();
    }

    private static String textOf(WebElement element) {
        try {
            return element.getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** Pixels the page is wider than the window, plus 1,000 for every grid that scrolls sideways. */
    private long horizontalOverflow() {
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;"
                        + "const grids = [...document.querySelectorAll('vaadin-grid')]"
                        + "  .map(g => g.shadowRoot && g.shadowRoot.querySelector('#table'))"
                        + "  .filter(t => t && t.scrollWidth - t.clientWidth > 1).length;"
                        + "return page + 1000 * grids;");
        return ((Number) overflow).longValue();
    }

    private List<String> pageErrors() {
        return chromium.pageErrors();
    }
}
