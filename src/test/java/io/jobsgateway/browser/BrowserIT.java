package io.jobsgateway.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.browser.server.LoggedInPage;
import io.jobsgateway.browser.server.TestUsers;
import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.it.PackagedBuild;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser side, in real headless Chromium: the demo page at {@code /}, the
 * {@code <jobs:progress>} Faces tag, a logged-in page that connects without a key, and a page
 * that lives through a server restart. One gateway serves them all, in cluster mode on a Redis of
 * the test's own so that a restart keeps seq and history, started as a user starts it (Payara
 * Micro as a process) from the packaged WAR plus a test login ({@link TestUsers}, {@link LoggedInPage}).
 * The restart test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RECONNECT = Duration.ofSeconds(90);

    // The example keys of server-config/example-keys.json (the demo page's default is demo-alice), and one of the login's client.
    private static final String KEYS = """
            [{"key": "demo-alice", "clientId": "acme", "userId": "alice", "scopes": ["publish"]},
             {"key": "demo-acme", "clientId": "acme", "scopes": ["publish"]},
             {"key": "demo-viewer", "clientId": "acme"},
             {"key": "default-publisher", "clientId": "default", "scopes": ["publish"]}]
            """;

    private static final String LOGIN_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Log in</title></head>
            <body><form method="post" action="j_security_check">
              <input id="username" name="j_username"> <input id="password" name="j_password" type="password">
              <button id="login" type="submit">Log in</button>
            </form></body></html>
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static ChromeDriver browser;
    private static RedisServer redis;
    private static GatewayServer gateway;

    @BeforeAll
    static void startBrowserAndGateway() throws IOException {
        dir = PackagedBuild.war().resolveSibling("browser-it");
        Files.createDirectories(dir);
        // The browser first: without Chromium the tests fail at once, saying what to install.
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        browser = Chromium.start(profile);
        redis = RedisServer.withAppendOnlyFile();
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, KEYS);
        gateway = PackagedBuild.node("gateway", testWar(), Map.of(
                "JOBS_API_KEYS_FILE", keys.toString(),
                "JOBS_DEMO_ENABLED", "true",
                "JOBS_REDIS_ADDRESS", redis.address(),
                "JOBS_REDIS_CANARY_INTERVAL_MS", "500",
                "JOBS_HEARTBEAT_INTERVAL_MS", "2000",
                "JOBS_HEARTBEAT_TIMEOUT_MS", "6000"), dir);
        gateway.start();
        gateway.awaitReadiness(200, BOOT);
    }

    /** The packaged WAR as it is, plus the test login; written beside the other test files. */
    private static Path testWar() {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, PackagedBuild.war().toFile())
                .addClasses(TestUsers.class, LoggedInPage.class)
                .add(new StringAsset(LOGIN_PAGE), "login.html");
        Path file = dir.resolve("jobs-gateway-browser.war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {browser == null ? null : browser::quit, gateway, redis}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    // ================================================================ the demo page

    @Test
    @Order(0)
    void theWarServesTheClientAtItsRoot() throws Exception {
        for (String file : List.of("jobs-client.js", "jobs-client.esm.js")) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.base().resolve(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "GET /" + file + ": the WAR must serve the client from its root"
                    + " (src/main/resources/META-INF/resources is WEB-INF/classes/META-INF/resources in the WAR, which"
                    + " no container serves: the pom copies the client to the WAR's root too)");
            assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                    "/" + file + " as JavaScript (a browser runs no module without it): " + response.headers().map());
        }
    }

    @Test
    @Order(1)
    void theDemoPageShowsAJobMovingTo100Percent(TestInfo test) {
        openDemoPage();
        setField("steps", "5");
        setField("step-millis", "400");
        browser.findElement(By.id("start-job")).click();

        String job = await(test, "a job card", d -> attribute("#jobs .job", "data-job-id"));
        await(test, "progress between 0 and 100 %", d -> {
            int progress = Integer.parseInt(attribute(card(job), "data-progress"));
            return progress > 0 && progress < 100 ? progress : null;
        });
        await(test, "the job completed at 100 %", d -> "completed".equals(attribute(card(job), "data-status"))
                && text(card(job) + " .percent").equals("100 %"));

        List<String> expected = new ArrayList<>(List.of("1 job.created", "2 job.started"));
        for (int step = 1; step <= 5; step++) {
            expected.add((step + 2) + " job.progress");
        }
        expected.add("8 job.completed");
        assertEquals(expected, loggedEvents(job), "the event log: each event of the job once, in order");

        browser.findElement(By.cssSelector(card(job) + " .history-button")).click();
        await(test, "the job's history", d -> "true".equals(attribute("#history", "data-loaded")));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), script(
                "return Array.from(document.querySelectorAll('#history-rows tr')).map(tr => tr.dataset.seq)"));
        browser.findElement(By.cssSelector("#history button")).click();

        post("api/messages", "demo-acme", "{\"event\":\"maintenance\",\"data\":{\"at\":\"22:00\"}}");
        await(test, "the broadcast in the log", d -> text("#log .log-message").contains("maintenance"));
    }

    @Test
    @Order(2)
    void theDemoPageShowsTheErrorOfAFailingJob(TestInfo test) {
        openDemoPage();
        setField("steps", "5");
        setField("step-millis", "100");
        browser.findElement(By.id("start-failing-job")).click();

        String job = await(test, "a job card", d -> attribute("#jobs .job", "data-job-id"));
        await(test, "the job failed", d -> "failed".equals(attribute(card(job), "data-status")));

        assertEquals("demo_failure: Step 3 of 5 failed, as asked", text(card(job) + " .job-error"));
        assertEquals(List.of("1 job.created", "2 job.started", "3 job.progress", "4 job.progress", "5 job.failed"),
                loggedEvents(job));
    }

    /** Not a check: the picture of the demo page in the docs (copied from target to src/docs/demo-page.png). */
    @Test
    @Order(3)
    void screenshotOfTheDemoPageMidJob(TestInfo test) throws IOException {
        openDemoPage();
        setField("steps", "3");
        setField("step-millis", "300");
        browser.findElement(By.id("start-job")).click();
        await(test, "the first job completed", d -> "completed".equals(attribute("#jobs .job", "data-status")));
        setField("steps", "4");
        browser.findElement(By.id("start-failing-job")).click();
        await(test, "the second job failed", d -> "failed".equals(attribute("#jobs .job", "data-status")));
        setField("steps", "10");
        setField("step-millis", "800");
        browser.findElement(By.id("start-job")).click();
        await(test, "the third job past 40 %", d -> "processing".equals(attribute("#jobs .job", "data-status"))
                && Integer.parseInt(attribute("#jobs .job", "data-progress")) >= 40);

        Path shot = dir.resolve("demo-page.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 10_000, "a screenshot in " + shot);
    }

    // ================================================================ the client's API

    @Test
    @Order(4)
    void requestsAreSettledByTheServersReplies() {
        String job = "api-" + UUID.randomUUID().toString().substring(0, 8);
        publish("demo-acme", job, "{\"type\":\"job.created\"}");
        publish("demo-acme", job, event("job.progress", 50));
        openDemoPage();

        Map<String, Object> result = asyncScript("""
                const [job, done] = arguments;
                const client = new JobsClient({ apiKey: 'demo-viewer' });
                const out = { states: [], events: [] };
                client.on('state', (s) => out.states.push(s.state));
                client.on('event', (e) => out.events.push(e.seq + ' ' + e.type));
                client.subscribe({ jobId: job, since: 0 })
                  .then((reply) => { out.subscribed = reply.room + ' recovered:' + reply.recovered; })
                  .then(() => client.subscribe({ all: true }).then(() => 'subscribed', (e) => e.name + ' ' + e.code))
                  .then((all) => { out.all = all; })
                  .then(() => client.history(job, { limit: 1 }))
                  .then((events) => { out.history = events.map((e) => e.seq + ' ' + e.type); })
                  .then(() => client.unsubscribe({ jobId: job }))
                  .then((reply) => { out.unsubscribed = reply.room; client.close(); done(out); })
                  .catch((e) => done({ failure: String(e) }));
                """, job);

        assertEquals(Map.of(
                "states", List.of("connecting", "open", "closed"),
                "events", List.of("1 job.created", "2 job.progress"),
                "subscribed", "job:" + job + " recovered:true",
                "all", "JobsClientError forbidden",
                "history", List.of("2 job.progress"),
                "unsubscribed", "job:" + job), result);
    }

    @Test
    @Order(5)
    void aRefusedKeyClosesTheClientForGood() {
        openDemoPage();

        Map<String, Object> result = asyncScript("""
                const done = arguments[0];
                const client = new JobsClient({ apiKey: 'not-a-key', minReconnectDelay: 10 });
                const states = [];
                client.on('state', (s) => {
                  states.push(s.state + (s.code ? ' ' + s.code : ''));
                  if (s.state === 'closed') {
                    client.subscribe().then(() => done({ states }), (e) => done({ states, subscribe: e.code }));
                  }
                });
                """);

        assertEquals(Map.of("states", List.of("connecting", "closed 4401"), "subscribe", "closed"), result);
    }

    @Test
    @Order(6)
    void theClientIsAnEsModuleToo() {
        openDemoPage();

        Map<String, Object> result = asyncScript("""
                const done = arguments[0];
                import('/jobs-client.esm.js').then((module) => {
                  const client = new module.JobsClient({ apiKey: 'demo-viewer' });
                  client.on('connected', (hello) => {
                    done({ same: module.default === module.JobsClient && module.JobsClientError === module.JobsClient.Error,
                           url: module.JobsClient.defaultUrl, clientId: hello.clientId });
                    client.close();
                  });
                }, (e) => done({ failure: String(e) }));
                """);

        assertEquals(Map.of("same", true, "url", gateway.base().resolve("jobs").toString(), "clientId", "acme"), result);
    }

    // ================================================================ the Faces tag

    @Test
    @Order(7)
    void theFacesTagFollowsAJobLive(TestInfo test) {
        String job = "faces-" + UUID.randomUUID().toString().substring(0, 8);
        publish("demo-acme", job, "{\"type\":\"job.created\"}");
        browser.get(gateway.base().resolve("jsf-example.xhtml?jobId=" + job + "&apiKey=demo-viewer").toString());

        await(test, "the tag shows the created job", d -> "pending".equals(attribute("#progress", "data-status")));
        for (int progress : new int[] {40, 80}) {
            publish("demo-acme", job, "{\"type\":\"job.progress\",\"data\":{\"progress\":" + progress
                    + ",\"message\":\"Step at " + progress + "\"}}");
            await(test, progress + " % on the tag", d -> text("#progress .jobs-progress__percent").equals(progress + " %")
                    && text("#progress .jobs-progress__message").equals("Step at " + progress));
        }
        publish("demo-acme", job, "{\"type\":\"job.completed\",\"data\":{\"result\":{}}}");
        await(test, "the tag shows the job completed", d -> "completed".equals(attribute("#progress", "data-status"))
                && text("#progress .jobs-progress__percent").equals("100 %"));
        assertEquals("open", attribute("#progress", "data-connection"));
    }

    // ================================================================ login

    @Test
    @Order(8)
    void aLoggedInPageConnectsWithoutAKey(TestInfo test) {
        try {
            browser.get(gateway.base().resolve("secure/live").toString());
            await(test, "the login form", d -> d.findElements(By.id("username")).isEmpty() ? null : true);
            browser.findElement(By.id("username")).sendKeys(TestUsers.USER);
            browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
            browser.findElement(By.id("login")).click();

            await(test, "the logged-in page in the client's room", d -> attribute("#who", "data-room"));
            assertEquals(TestUsers.USER, text("#user"));
            assertEquals(TestUsers.USER, attribute("#who", "data-user-id"), "the connection's user is the login's");
            assertEquals("default", attribute("#who", "data-client-id"), "jobs.login.client-id's default");
            assertEquals("client:default", attribute("#who", "data-room"));

            String job = "login-" + UUID.randomUUID().toString().substring(0, 8);
            publish("default-publisher", job, "{\"type\":\"job.created\",\"userId\":\"" + TestUsers.USER + "\"}");
            await(test, "the event on the logged-in page", d -> attribute("#events li[data-job-id='" + job + "']", "data-seq"));
        } finally {
            browser.manage().deleteAllCookies();
        }
    }

    // ================================================================ a server restart

    @Test
    @Order(9)
    void afterAServerRestartThePageHasEveryEventOnceInOrder(TestInfo test) throws Exception {
        openDemoPage();
        String job = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> expected = new ArrayList<>();
        int seq = 0;
        for (String type : List.of("job.created", "job.started", "job.progress", "job.progress")) {
            publish("demo-acme", job, event(type, seq * 10));
            expected.add(++seq + " " + type);
        }
        await(test, "the events before the restart", d -> loggedEvents(job).size() == 4);

        gateway.stop();
        await(test, "the page reconnecting", d -> "reconnecting".equals(attribute("#state", "data-state")));
        gateway.start();
        gateway.awaitReadiness(200, BOOT);

        // Published while the page is still away (it retries with backoff): it gets them by resuming with since.
        for (int i = 0; i < 3; i++) {
            publish("demo-acme", job, event("job.progress", seq * 10));
            expected.add(++seq + " job.progress");
        }
        String stateAfterRestart = attribute("#state", "data-state");
        await(RECONNECT, test, "the page connected again",
                d -> "open".equals(attribute("#state", "data-state")) && attribute("#state", "data-room") != null);
        publish("demo-acme", job, event("job.progress", 90));
        expected.add(++seq + " job.progress");
        publish("demo-acme", job, "{\"type\":\"job.completed\",\"data\":{\"result\":{}}}");
        expected.add(++seq + " job.completed");

        await(test, "the job completed on the page", d -> "completed".equals(attribute(card(job), "data-status")));
        assertEquals(expected, loggedEvents(job), "each event once, in order, across the restart (the page was "
                + stateAfterRestart + " when the server was back)");
    }

    // ================================================================ helpers

    private void openDemoPage() {
        browser.get(gateway.base().toString());
        await(null, "the demo page connected and in its client's room",
                d -> "open".equals(attribute("#state", "data-state")) && attribute("#state", "data-room") != null);
    }

    private static String card(String jobId) {
        return "#jobs .job[data-job-id='" + jobId + "']";
    }

    private static String event(String type, int progress) {
        return type.equals("job.progress")
                ? "{\"type\":\"job.progress\",\"data\":{\"progress\":" + progress + ",\"message\":\"at " + progress + "\"}}"
                : "{\"type\":\"" + type + "\"}";
    }

    /** The job's lines of the demo page's event log, as "seq type". */
    private List<String> loggedEvents(String jobId) {
        return script("return Array.from(document.querySelectorAll('#log li[data-job-id]'))"
                + ".filter(li => li.dataset.jobId === arguments[0]).map(li => li.dataset.seq + ' ' + li.dataset.type)", jobId);
    }

    private void setField(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** The attribute of the first element matching the CSS selector, or null. */
    private String attribute(String css, String name) {
        return script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    private String text(String css) {
        String text = script("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
        return text == null ? "" : text;
    }

    @SuppressWarnings("unchecked")
    private <T> T asyncScript(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) browser).executeAsyncScript(script, arguments);
    }

    @SuppressWarnings("unchecked")
    private <T> T script(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private <T> T await(TestInfo test, String what, Function<WebDriver, T> condition) {
        return await(WAIT, test, what, condition);
    }

    /** Waits for the condition on the page's DOM; on timeout, saves a screenshot and fails with the page's state. */
    private <T> T await(Duration timeout, TestInfo test, String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, timeout, Duration.ofMillis(50)).until(condition);
        } catch (TimeoutException e) {
            String name = test == null ? "page" : test.getTestMethod().map(m -> m.getName()).orElse("page");
            Path shot = dir.resolve(name + "-failure.png");
            try {
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException ignored) {
                shot = null;
            }
            String log = script("const l = document.querySelector('#log'); return l ? l.innerText : document.body.innerText;");
            throw new AssertionError("No " + what + " within " + timeout + " on " + browser.getCurrentUrl()
                    + " (screenshot " + shot + "). The page says:\n" + log + "\nThe gateway's log ends with:\n"
                    + gateway.logTail(), e);
        }
    }

    /** POST /api/jobs/{jobId}/events with a publish key; the gateway must accept it (202). */
    private static JsonObject publish(String key, String jobId, String body) {
        return post("api/jobs/" + jobId + "/events", key, body);
    }

    private static JsonObject post(String path, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(gateway.base().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), "POST " + path + " " + body + ": " + response.body());
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
