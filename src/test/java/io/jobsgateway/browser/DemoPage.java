package io.jobsgateway.browser;

import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** The demo page's DOM as the browser tests read it: its job cards, its event log, any element's text and attributes. */
final class DemoPage {

    private DemoPage() {
    }

    /**
     * The job ids of the demo page's cards. The page shows every job of its client, so another
     * test's job, still running, may get a card too: a test follows the new card whose log
     * begins with the job's first event, which only the job its own click started has.
     */
    static List<String> jobCards(WebDriver browser) {
        return script(browser, "return Array.from(document.querySelectorAll('#jobs .job')).map(card => card.dataset.jobId)");
    }

    static String newJobCard(WebDriver browser, List<String> before) {
        return jobCards(browser).stream()
                .filter(id -> id != null && !before.contains(id))
                .filter(id -> loggedEvents(browser, id).stream().findFirst().filter(first -> first.startsWith("1 ")).isPresent())
                .findFirst().orElse(null);
    }

    /** The job's lines of the demo page's event log, as "seq type". */
    static List<String> loggedEvents(WebDriver browser, String jobId) {
        return script(browser, "return Array.from(document.querySelectorAll('#log li[data-job-id]'))"
                + ".filter(li => li.dataset.jobId === arguments[0]).map(li => li.dataset.seq + ' ' + li.dataset.type)", jobId);
    }

    /** The attribute of the first element matching the CSS selector, or null. */
    static String attribute(WebDriver browser, String css, String name) {
        return script(browser, "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    /** The trimmed text of the first element matching the CSS selector, or "". */
    static String text(WebDriver browser, String css) {
        String text = script(browser, "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
        return text == null ? "" : text;
    }

    @SuppressWarnings("unchecked")
    static <T> T script(WebDriver browser, String script, Object... arguments) {
        return (T) ((JavascriptExecutor) browser).executeScript(script, arguments);
    }
}
