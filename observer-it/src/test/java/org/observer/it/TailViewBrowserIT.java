package org.observer.it;

import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live tail in Debian's Chromium, against the real application on Payara Micro: logs ingested
 * through the REST API appear on the open page without a reload, pushed over Vaadin's WebSocket;
 * Pause holds them back and Resume brings them; only the newest {@code max} rows are kept; a bad
 * query shows its reason.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TailViewBrowserIT extends ConsoleInBrowser {


    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

    @BeforeAll
    static void openBrowser() throws IOException {
        // the network events tell which WebSockets the page opened
        startBrowser(1400, 900, true);
    }

    @AfterEach
    void noUncaughtPageError() {
        assertEquals(List.of(), chromium.pageErrors(), "uncaught errors on the page");
    }

    @Test
    void matchingLogsArePushedPauseHoldsThemBackResumeBringsThem() throws Exception {
        String index = "tail-" + System.nanoTime();
        String word = "kiwi" + System.nanoTime();
        browser.manage().logs().get(LogType.PERFORMANCE); // forget the network events of earlier pages
        openTail("index=" + index + "&q=" + word);
        // the index does not exist yet: the view says so and keeps waiting
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-state"), "waiting"));
        js("window.__sameDocument = true");

        ingest(index, "{\"message\":\"order 1 shipped, no fruit here\"}");
        ingest(index, "{\"message\":\"order 2 " + word + " shipped\"}");
        wait.until(d -> rowContaining("order 2 " + word) != null);
        assertNull(rowContaining("no fruit here"), "a log not matching the query is not shown");
        assertEquals(1L, gridSize());
        assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "shown without a reload");
        assertTrue(browser.getCurrentUrl().contains("index=" + index) && browser.getCurrentUrl().contains("q=" + word),
                "the tail's state is in the URL: " + browser.getCurrentUrl());
        assertTrue(text("rate").matches("[\\d,.]+ lines/s"), text("rate"));
        assertPushedOverWebSocket();

        browser.findElement(By.id("pause")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pause"), "Resume"));
        assertEquals("Paused", text("tail-state"));
        ingest(index, "{\"message\":\"order 3 " + word + " held back\"}"); // searchable when this returns
        // a negative can only be checked for a while: six polls' worth
        Thread.sleep(6 * 500);
        assertNull(rowContaining("held back"), "nothing new is shown while paused");
        assertEquals(1L, gridSize());

        browser.findElement(By.id("pause")).click();
        wait.until(d -> rowContaining("held back") != null);
        assertEquals(2L, gridSize());
        assertTrue(rowContaining("held back").getRect().getY() < rowContaining("order 2 " + word).getRect().getY(),
                "the newest log is on top");
        assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "shown without a reload");
        screenshot("tail.png");
    }

    @Test
    void onlyTheNewestMaxRowsAreKept() throws Exception {
        String index = "tail-bound-" + System.nanoTime();
        openTail("index=" + index + "&max=5");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-state"), "waiting"));

        // one bulk of 20, a millisecond apart, so "newest" is well defined
        long start = Instant.now().toEpochMilli();
        String bulk = IntStream.range(0, 20)
                .mapToObj(i -> "{\"@timestamp\":" + (start + i) + ",\"message\":\"bounded line " + i + " end\"}")
                .collect(Collectors.joining("\n"));
        Http.Answer answer = http.post("/api/logs/" + index + "/_bulk", bulk);
        assertEquals(202, answer.status(), answer.body());

        wait.until(d -> rowContaining("bounded line 19 end") != null);
        assertEquals(5L, gridSize(), "the grid holds the newest 5 rows only");
        for (int i = 15; i < 20; i++) {
            assertTrue(rowContaining("bounded line " + i + " end") != null, "line " + i + " is among the newest");
        }
        assertNull(rowContaining("bounded line 14 end"), "older rows were dropped");
        assertTrue(browser.findElement(By.id("skipped")).isDisplayed());
        assertTrue(text("skipped").matches("\\d+ more skipped"), text("skipped"));
        long counted = Long.parseLong(text("lines").split(" ")[0]);
        assertTrue(counted > 5 && counted <= 20, "shown and skipped lines, each once: " + text("lines"));
        screenshot("tail-bounded.png");
    }

    @Test
    void atFiveThousandLinesPerSecondTheTailKeepsUpAndThePageResponds() throws Exception {
        String index = "tail-fast-" + System.nanoTime();
        openTail("index=" + index); // the default bound: the newest 1,000 rows
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-state"), "waiting"));

        // five bulks of 5,000, one a second; each line its own millisecond, in order and in the
        // past, so which lines are the newest is well defined
        int bulks = 5;
        int perBulk = 5_000;
        long base = Instant.now().toEpochMilli() - 40_000;
        long next = System.nanoTime();
        for (int b = 0; b < bulks; b++) {
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            next += 1_000_000_000L;
            int bulk = b;
            String body = IntStream.range(0, perBulk)
                    .mapToObj(i -> "{\"@timestamp\":" + (base + bulk * perBulk + i) + ",\"message\":\"fast " + bulk + "-" + i + " end\"}")
                    .collect(Collectors.joining("\n"));
            Http.Answer answer = http.post("/api/logs/" + index + "/_bulk", body);
            assertEquals(202, answer.status(), answer.body());
            if (b == 2) {
                // mid-stream the page still answers a click
                browser.findElement(By.id("pause")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pause"), "Resume"));
                browser.findElement(By.id("pause")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pause"), "Pause"));
            }
        }

        wait.until(d -> rowContaining("fast 4-4999 end") != null);
        Thread.sleep(4 * 500); // a few idle polls: they must not count anything again
        long counted = Long.parseLong(text("lines").split(" ")[0].replace(",", ""));
        // Lines shown plus lines skipped. At most every line once; not always all of them, as the
        // engine counts matches and fetches hits in two steps, and a line that becomes searchable
        // between the two is in neither (a few percent here). Most must be accounted for.
        assertTrue(counted <= bulks * perBulk && counted > bulks * perBulk / 2, text("lines"));
        assertEquals(1_000L, gridSize());
        assertTrue(text("skipped").matches("[\\d,]+ more skipped"), text("skipped"));
        screenshot("tail-fast.png");
    }

    @Test
    void badQueryShowsTheReasonNotAStackTrace() throws Exception {
        openTail("index=*&q=%22open");
        WebElement state = browser.findElement(By.id("tail-state"));
        wait.until(d -> state.getAttribute("class") != null && state.getAttribute("class").contains("error"));
        String reason = state.getText();
        assertTrue(reason.contains("quote"), reason);
        assertFalse(reason.contains("Exception") || reason.contains("\tat "), "no stack trace: " + reason);
        assertEquals("Resume", browser.findElement(By.id("pause")).getText(), "the tail stopped");
    }

    /**
     * Push really went over a WebSocket: the page opened Vaadin's push WebSocket and received
     * frames on it, and made no HTTP requests to the push URL (as long polling would).
     */
    private void assertPushedOverWebSocket() {
        List<String> events = browser.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(LogEntry::getMessage).toList();
        String socket = events.stream()
                .filter(e -> e.contains("\"Network.webSocketCreated\"") && e.contains("VAADIN/push"))
                .map(TailViewBrowserIT::requestId).findFirst().orElse(null);
        assertTrue(socket != null, "the page opened no push WebSocket (" + events.size() + " network events)");
        long frames = events.stream()
                .filter(e -> e.contains("\"Network.webSocketFrameReceived\"") && socket.equals(requestId(e)))
                .count();
        assertTrue(frames > 0, "no frame arrived on the push WebSocket");
        assertEquals(Boolean.TRUE, js("return performance.getEntriesByType('resource')"
                + ".every(r => !r.name.includes('VAADIN/push'))"), "push fell back to HTTP requests");
    }

    /** The DevTools request id in a performance log event. */
    private static String requestId(String event) {
        Matcher m = REQUEST_ID.matcher(event);
        return m.find() ? m.group(1) : null;
    }

    private void openTail(String query) {
        browser.get(base.toString() + "tail?" + query);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tail-state")));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** How many rows the browser's grid holds (its size, not only those drawn). */
    private Long gridSize() {
        return (Long) js("return document.getElementById('rows').size");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The tail's grid cell (rendered in the light DOM) whose text contains {@code text}, or null. */
    private WebElement rowContaining(String text) {
        return browser.findElements(By.cssSelector("#rows vaadin-grid-cell-content")).stream()
                .filter(c -> c.getText().contains(text))
                .findFirst().orElse(null);
    }
}
