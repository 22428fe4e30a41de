package io.jobsgateway.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page watching the example batch job live (issue 16), in headless Chromium: the same
 * check on Payara Micro ({@code BrowserIT}) and on WildFly ({@code WildFlyDemoPageIT}).
 */
final class DemoPageBatchJob {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver browser;
    private final Path dir;
    private final Supplier<String> serverLog;

    /** @param dir where a failure's screenshot goes; {@code serverLog} the end of the gateway's log, for a failure */
    DemoPageBatchJob(ChromeDriver browser, Path dir, Supplier<String> serverLog) {
        this.browser = browser;
        this.dir = dir;
        this.serverLog = serverLog;
    }

    /**
     * Opens the demo page at {@code base}, starts a CSV import of 2000 rows with its button, and
     * follows the job's card: part way with rows read and written, then completed at 100 % with
     * 1999 written and the bad row skipped; the log holds each of its events once, in seq order.
     */
    void startsTheImportAndWatchesItLive(URI base) {
        browser.get(base.toString());
        await("the demo page open and in its client's room", d -> "open".equals(attribute("#state", "data-state"))
                && attribute("#state", "data-room") != null && browser.findElement(By.id("start-batch-job")).isEnabled());
        WebElement rows = browser.findElement(By.id("batch-rows"));
        rows.clear();
        rows.sendKeys("2000");
        List<String> before = DemoPage.jobCards(browser);
        browser.findElement(By.id("start-batch-job")).click();

        String job = await("the batch job's card", d -> DemoPage.newJobCard(browser, before));
        String card = "#jobs .job[data-job-id='" + job + "']";
        Integer midway = await("the import part way, rows counted", d -> {
            String read = attribute(card, "data-read");
            int progress = Integer.parseInt(attribute(card, "data-progress"));
            return read != null && Integer.parseInt(read) > 0 && progress > 0 && progress < 100
                    && "processing".equals(attribute(card, "data-status")) ? progress : null;
        });
        await("the import completed at 100 %", d -> "completed".equals(attribute(card, "data-status"))
                && "100 %".equals(text(card + " .percent")));

        assertTrue(midway > 0 && midway < 100, "seen part way: " + midway + " %");
        assertEquals("1999", attribute(card, "data-written"), text(card + " .counts"));
        assertEquals("1", attribute(card, "data-skipped"), text(card + " .counts"));
        assertTrue(text(card + " .counts").contains("1 retried"), text(card + " .counts"));
        List<String> logged = loggedEvents(job);
        assertEquals("1 job.created", logged.get(0), logged.toString());
        assertEquals("2 job.started", logged.get(1), logged.toString());
        assertTrue(logged.get(logged.size() - 1).endsWith(" job.completed"), logged.toString());
        for (int i = 0; i < logged.size(); i++) {
            assertTrue(logged.get(i).startsWith((i + 1) + " "), "each event once, in seq order: " + logged);
        }
        assertTrue(logged.subList(2, logged.size() - 1).stream().allMatch(l -> l.endsWith(" job.progress"))
                && logged.size() > 10, "a progress per chunk of 100 rows: " + logged);
    }

    private List<String> loggedEvents(String jobId) {
        return DemoPage.loggedEvents(browser, jobId);
    }

    private String attribute(String css, String name) {
        return DemoPage.attribute(browser, css, name);
    }

    private String text(String css) {
        return DemoPage.text(browser, css);
    }

    /** Waits for the condition on the page; on timeout, saves a screenshot and fails with the page's log. */
    private <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, WAIT, Duration.ofMillis(50)).until(condition);
        } catch (TimeoutException e) {
            Path shot = dir.resolve("batch-job-failure.png");
            try {
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException ignored) {
                shot = null;
            }
            String log = DemoPage.script(browser, "const l = document.querySelector('#log'); return l ? l.innerText : document.body.innerText;");
            throw new AssertionError("No " + what + " within " + WAIT + " (screenshot " + shot + "). The page says:\n"
                    + log + "\nThe gateway's log ends with:\n" + serverLog.get(), e);
        }
    }
}
