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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Search view as Discover users expect it, in Debian's Chromium against the real application on
 * Payara Micro: logs posted through the REST API are drawn in the histogram (a bar zooms the range),
 * their fields list top values that filter the query, hits mark what matched and open to their
 * JSON, a hit's context shows its neighbours in its index, and a phone-wide window does not scroll
 * sideways. Every count the page shows is checked against the REST API's answer to the same search.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SearchViewBrowserIT extends ConsoleInBrowser {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    /** Logs of the histogram and fields tests: three groups hours apart, each in one bucket. */
    private static final String LOGS = "discover-" + System.nanoTime();
    /** Logs of the context test: a sequence one second apart, alone in its index. */
    private static final String SEQUENCE = "context-" + System.nanoTime();
    /** Logs of the scrolling test: more than the first page. */
    private static final String MANY = "many-" + System.nanoTime();
    private static final int MANY_COUNT = 330;

    static boolean posted;

    @BeforeAll
    static void openBrowser() throws IOException {
        startBrowser(1400, 900, false);
    }

    @BeforeEach
    void windowAndLogs() throws Exception {
        browser.manage().window().setSize(new Dimension(1400, 900));
        if (!posted) {
            postLogs();
            posted = true;
        }
    }

    @AfterEach
    void noPageErrors() {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("favicon.ico"))
                .toList();
        assertEquals(List.of(), severe, "errors in the page's console");
    }

    /** Ten logs in three groups 20 h, 12 h and 4 h ago; a sequence of 15; and many for scrolling. */
    private void postLogs() throws Exception {
        long now = System.currentTimeMillis();
        StringBuilder logs = new StringBuilder();
        // two minutes into a quarter hour: inside one bucket for any interval from 5 minutes to an hour
        group(logs, quarter(now - 20 * HOUR) + 2 * MINUTE, 3, "warn", "disk nearly full on /var");
        group(logs, quarter(now - 12 * HOUR) + 2 * MINUTE, 2, "error", "disk write failed with EIO");
        group(logs, quarter(now - 4 * HOUR) + 2 * MINUTE, 5, "info", "user session started");
        bulk(LOGS, logs.toString());

        long start = now - 2 * HOUR;
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            sequence.append(log(start + i * 1000L, "info", "step " + i + " of the nightly job", i));
        }
        bulk(SEQUENCE, sequence.toString());

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < MANY_COUNT; i++) {
            many.append(log(start + i * 1000L, "info", (i == 0 ? "oldestline" : "line") + " number " + i, i));
        }
        bulk(MANY, many.toString());
    }

    private static long quarter(long millis) {
        return millis - Math.floorMod(millis, 15 * MINUTE);
    }

    private static void group(StringBuilder out, long start, int count, String level, String message) {
        for (int i = 0; i < count; i++) {
            out.append(log(start + i * 1000L, level, message, i));
        }
    }

    private static String log(long millis, String level, String message, int seq) {
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(millis) + "\",\"level\":\"" + level + "\",\"message\":\""
                + message + "\",\"seq\":" + seq + ",\"host\":{\"name\":\"web-01\"}}\n";
    }

    private void bulk(String index, String ndjson) throws Exception {
        Http.Answer answer = http.post("/api/logs/" + index + "/_bulk?refresh=wait_for", ndjson);
        assertEquals(202, answer.status(), answer.body());
    }

    @Test
    void histogramMatchesTheApiAndABarZoomsToItsBucket() throws Exception {
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");

        List<WebElement> bars = browser.findElements(By.cssSelector("#histogram rect.bar"));
        assertTrue(bars.size() > 10, "one bar per bucket over the day: " + bars.size());
        List<Long> drawn = bars.stream().map(b -> Long.parseLong(b.getAttribute("data-count"))).filter(c -> c > 0)
                .sorted().toList();
        assertEquals(List.of(2L, 3L, 5L), drawn);
        JsonObject api = search(LOGS, "", "now-24h", null, "&histogram=auto&size=0");
        List<Long> counted = api.getJsonObject("aggregations").getJsonObject("histogram").getJsonArray("buckets")
                .stream().map(b -> b.asJsonObject().getJsonNumber("count").longValue()).filter(c -> c > 0).sorted().toList();
        assertEquals(counted, drawn, "the bars count what the API counts");

        WebElement five = bars.stream().filter(b -> b.getAttribute("data-count").equals("5")).findFirst().orElseThrow();
        five.click();
        waitForStatus("5 hits");
        Map<String, String> params = urlParams();
        assertEquals("custom", params.get("range"), browser.getCurrentUrl());
        assertEquals(LOGS, params.get("index"));
        assertNotNull(params.get("from"), browser.getCurrentUrl());
        assertNotNull(params.get("to"), browser.getCurrentUrl());
        assertEquals(5, search(LOGS, "", params.get("from"), params.get("to"), "&size=0").getInt("total"),
                "the zoomed range holds the bar's logs");
        List<Long> zoomed = browser.findElements(By.cssSelector("#histogram rect.bar")).stream()
                .map(b -> Long.parseLong(b.getAttribute("data-count"))).toList();
        assertEquals(5, zoomed.stream().mapToLong(Long::longValue).sum(), "the histogram is redrawn over the bucket");

        // the zoom is bookmarkable: the URL alone runs it again
        String zoomUrl = browser.getCurrentUrl();
        open("");
        open(zoomUrl.substring(base.toString().length()));
        waitForStatus("5 hits");
        assertEquals("user session started", cellTexts().stream().filter(t -> t.contains("session")).findFirst().orElse(null));
        screenshot("search-histogram.png");
    }

    @Test
    void aDragAcrossBarsZoomsToTheirSpan() throws Exception {
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");
        List<WebElement> bars = browser.findElements(By.cssSelector("#histogram rect.bar"));
        WebElement three = bars.stream().filter(b -> b.getAttribute("data-count").equals("3")).findFirst().orElseThrow();
        WebElement two = bars.stream().filter(b -> b.getAttribute("data-count").equals("2")).findFirst().orElseThrow();
        Instant firstStart = Instant.parse(three.getAttribute("data-start"));
        new Actions(browser).clickAndHold(three).moveToElement(two).release().perform();

        waitForStatus("5 hits"); // the 3 and the 2, not the 5 after them
        Map<String, String> params = urlParams();
        assertEquals("custom", params.get("range"), browser.getCurrentUrl());
        assertEquals(5, search(LOGS, "", params.get("from"), params.get("to"), "&size=0").getInt("total"));
        assertEquals(firstStart, Instant.parse(params.get("from")),
                "the span starts with the first bar dragged over");
    }

    @Test
    void aFieldValueIsFilteredForAndOut() throws Exception {
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");
        WebElement level = browser.findElement(By.cssSelector("#fields vaadin-details[data-field='level']"));
        assertTrue(level.getText().contains("10/10"), level.getText());
        assertFalse(browser.findElements(By.cssSelector("#fields vaadin-details[data-field='@timestamp']")).size() > 0,
                "the time is the histogram's, not a field to filter on");
        level.findElement(By.cssSelector("vaadin-details-summary")).click();
        WebElement error = wait.until(d -> d.findElement(By.cssSelector("#fields .field-value[data-value='error']")));
        assertEquals("2", error.findElement(By.className("value-count")).getText());
        assertEquals("5", browser.findElement(By.cssSelector("#fields .field-value[data-value='info'] .value-count")).getText());

        error.findElement(By.className("filter-for")).click();
        wait.until(d -> queryText().equals("level:\"error\""));
        waitForStatus("2 hits");
        assertEquals(2, search(LOGS, "level:\"error\"", "now-24h", null, "&size=0").getInt("total"));
        assertTrue(urlParams().get("q").equals("level:\"error\""), browser.getCurrentUrl());

        // and out: the same value with a minus, the other levels remain
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");
        browser.findElement(By.cssSelector("#fields vaadin-details[data-field='level'] vaadin-details-summary")).click();
        wait.until(d -> d.findElement(By.cssSelector("#fields .field-value[data-value='info']")))
                .findElement(By.className("filter-out")).click();
        wait.until(d -> queryText().equals("-level:\"info\""));
        long expected = search(LOGS, "-level:\"info\"", "now-24h", null, "&size=0").getInt("total");
        assertEquals(5, expected);
        waitForStatus("5 hits");
        screenshot("search-fields.png");
    }

    @Test
    void hitsMarkTheMatchAndOpenToTheirJson() throws Exception {
        open("?index=" + LOGS + "&range=24h&q=disk");
        waitForStatus("5 hits");
        List<WebElement> marks = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#hits vaadin-grid-cell-content mark"));
            return found.size() >= 5 ? found : null;
        });
        assertTrue(marks.stream().allMatch(m -> m.getText().equals("disk")), "only the matched term is marked");

        WebElement cell = wait.until(d -> cellContaining("disk write failed"));
        cell.click();
        WebElement source = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#hits pre.log-source")));
        wait.until(d -> source.getText().contains("\"level\": \"error\""));
        assertTrue(source.getText().contains("\"name\": \"web-01\""), source.getText());
        assertTrue(browser.findElement(By.cssSelector("#hits .copy-json")).isDisplayed(), "a copy button beside the JSON");
    }

    @Test
    void contextShowsTheNeighboursInTheIndexWithTheHitMarked() throws Exception {
        open("?index=" + SEQUENCE + "&range=24h&q=seq:8");
        waitForStatus("1 hit");
        wait.until(d -> cellContaining("step 8 of")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#hits .show-context"))).click();

        wait.until(d -> contextSteps().size() == 11);
        assertEquals(range(3, 13), contextSteps(), "five before and five after, oldest at the top");
        assertEquals("step 8 of the nightly job", browser.findElement(By.cssSelector(".context-anchor .context-line")).getText());
        assertEquals(1, browser.findElements(By.cssSelector(".context-anchor")).size());

        browser.findElement(By.id("context-more-before")).click();
        wait.until(d -> contextSteps().size() == 14);
        assertEquals(range(0, 13), contextSteps());
        // vaadin-button is no form element to Selenium's isEnabled: read its disabled attribute
        wait.until(d -> browser.findElement(By.id("context-more-before")).getDomAttribute("disabled") != null);
        assertEquals(null, browser.findElement(By.id("context-more-after")).getDomAttribute("disabled"),
                "a full page after: there may be more");

        browser.findElement(By.id("context-more-after")).click();
        wait.until(d -> contextSteps().size() == 15);
        assertEquals(range(0, 14), contextSteps(), "every log of the index, in order");
        assertEquals("step 8 of the nightly job", browser.findElement(By.cssSelector(".context-anchor .context-line")).getText());
        screenshot("search-context.png");
    }

    @Test
    void moreHitsAreLoadedOnScroll() throws Exception {
        open("?index=" + MANY + "&range=24h");
        waitForStatus(MANY_COUNT + " hits");
        assertEquals(null, cellContaining("oldestline"), "the oldest is not on the first page");
        WebElement grid = browser.findElement(By.id("hits"));
        // each scroll to the end makes the grid ask for the rows past what it holds
        wait.until(d -> {
            ((JavascriptExecutor) d).executeScript("arguments[0].scrollToIndex(1000000)", grid);
            return cellContaining("oldestline number 0") != null;
        });
    }

    @Test
    void slashFocusesTheQueryAndABadQueryIsPointedAt() throws Exception {
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");
        browser.findElement(By.id("status")).click();
        new Actions(browser).sendKeys("/").perform();
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.activeElement !== null && document.activeElement.closest('#query') !== null")));
        assertEquals("", queryText(), "the slash opens the box, it is not typed into it");

        WebElement input = browser.findElement(By.cssSelector("#query input"));
        input.sendKeys("level:(warn", Keys.ENTER);
        WebElement status = browser.findElement(By.id("status"));
        wait.until(d -> status.getAttribute("class").contains("error"));
        assertTrue(status.getText().contains("position 11"), status.getText());
        assertFalse(status.getText().contains("Exception") || status.getText().contains("\tat "), status.getText());
        WebElement query = browser.findElement(By.id("query"));
        wait.until(d -> query.getAttribute("invalid") != null);
        String shown = query.findElement(By.cssSelector("[slot='error-message']")).getText();
        assertTrue(shown.contains("level:(warn▮"), "the message marks where the query failed: " + shown);
        Object caret = ((JavascriptExecutor) browser).executeScript("return arguments[0].selectionStart", input);
        assertEquals(11L, caret, "the caret is put where the query failed");
    }

    @Test
    void aPhoneWideWindowDoesNotScrollSideways() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        open("?index=" + LOGS + "&range=24h");
        waitForStatus("10 hits");
        wait.until(d -> cellContaining("user session started") != null);
        long width = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
        assertTrue(width <= 400, "the window is phone-wide: " + width);
        assertNoSidewaysScroll("search");

        // zoomed: the custom range's pickers appear in the form
        browser.findElements(By.cssSelector("#histogram rect.bar")).stream()
                .filter(b -> !b.getAttribute("data-count").equals("0")).findFirst().orElseThrow().click();
        wait.until(d -> urlParams().containsKey("from"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("from")));
        assertNoSidewaysScroll("zoomed");
        screenshot("search-phone.png");
    }

    private void assertNoSidewaysScroll(String what) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long scroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
        long client = (Long) js.executeScript("return document.documentElement.clientWidth");
        assertTrue(scroll <= client, what + ": scrollWidth " + scroll + " > clientWidth " + client);
    }

    private static List<String> range(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> "step " + i + " of the nightly job").toList();
    }

    private List<String> contextSteps() {
        return browser.findElements(By.cssSelector("#context .context-line, vaadin-dialog-overlay .context-line")).stream()
                .map(WebElement::getText).distinct().toList();
    }

    private JsonObject search(String index, String q, String from, String to, String extra) throws Exception {
        String path = "/api/search?index=" + Http.enc(index) + "&q=" + Http.enc(q)
                + (from == null ? "" : "&from=" + Http.enc(from)) + (to == null ? "" : "&to=" + Http.enc(to)) + extra;
        Http.Answer answer = http.get(path);
        assertEquals(200, answer.status(), answer.body());
        return answer.json();
    }

    private void open(String query) {
        browser.get(base.toString() + query);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#query input")));
    }

    private void waitForStatus(String start) {
        try {
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith(start + " in "));
        } catch (RuntimeException e) {
            throw new AssertionError("status should start with '" + start + "': "
                    + browser.findElements(By.id("status")).stream().map(WebElement::getText).toList(), e);
        }
    }

    private String queryText() {
        return browser.findElement(By.cssSelector("#query input")).getAttribute("value");
    }

    private Map<String, String> urlParams() {
        Map<String, String> params = new HashMap<>();
        String raw = URI.create(browser.getCurrentUrl()).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private List<String> cellTexts() {
        return browser.findElements(By.cssSelector("vaadin-grid-cell-content")).stream().map(WebElement::getText)
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
