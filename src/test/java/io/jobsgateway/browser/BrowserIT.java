package io.jobsgateway.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.browser.RestrictiveProxy.Rule;
import io.jobsgateway.browser.server.TestUsers;
import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.Ports;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.it.PackagedBuild;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.shrinkwrap.api.asset.ClassLoaderAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * {@code <jobs:progress>} Faces tag, a logged-in page that connects without a key, a page that
 * imports the client as an ES module, and a page that lives through a server restart; and the
 * same behind a proxy that refuses WebSockets (the client goes on over Server-Sent Events) and one
 * that holds streamed responses back too (long polling). One gateway serves them all, in cluster
 * mode on a Redis of the test's own so that a restart keeps seq and history, started as a user
 * starts it (Payara Micro as a process) from the packaged WAR plus a test login ({@link LoginWar})
 * and the module page (module-page.html), with one {@link RestrictiveProxy} in front of it. The
 * restart tests run last.
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

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static int nowhere;
    private static ChromeDriver browser;
    private static RedisServer redis;
    private static GatewayServer gateway;
    private static RestrictiveProxy proxy;

    @BeforeAll
    static void startBrowserAndGateway() throws IOException {
        dir = PackagedBuild.war().resolveSibling("browser-it");
        Files.createDirectories(dir);
        // The browser first: without Chromium the tests fail at once, saying what to install.
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        nowhere = Ports.free();
        browser = Chromium.start(profile, nowhere);
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
        proxy = new RestrictiveProxy(gateway.port(), Rule.REFUSE_WEBSOCKETS);
    }

    /** The packaged WAR as it is, plus the test login; written beside the other test files. */
    private static Path testWar() {
        return LoginWar.write(LoginWar.archive()
                .add(new ClassLoaderAsset("io/jobsgateway/browser/module-page.html"), "module-page.html"),
                dir.resolve("jobs-gateway-browser.war"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {browser == null ? null : browser::quit, proxy, gateway, redis}) {
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
                    + " (the pom puts src/main/client in META-INF/resources, which is WEB-INF/classes/META-INF/resources"
                    + " in the WAR, which no container serves: it copies the client to the WAR's root too)");
            assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("javascript"),
                    "/" + file + " as JavaScript (a browser runs no module without it): " + response.headers().map());
        }
        for (String file : List.of("jobs-client.d.ts", "jobs-client.esm.d.ts")) {
            assertEquals(200, status(file), "GET /" + file + ": the declarations beside the client, as the README says");
        }
        assertEquals(404, status("package.json"), "the npm package's package.json stays out of the WAR");
    }

    private static int status(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(gateway.base().resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    @Order(1)
    void theDemoPageShowsAJobMovingTo100Percent(TestInfo test) {
        openDemoPage();
        demoJobMovesTo100Percent(test);

        post("api/messages", "demo-acme", "{\"event\":\"maintenance\",\"data\":{\"at\":\"22:00\"}}");
        await(test, "the broadcast in the log", d -> text("#log .log-message").contains("maintenance"));
    }

    /** Starts a job of 5 steps on the open demo page: its card moves to 100 %, its log and history hold each event once, in order. */
    private void demoJobMovesTo100Percent(TestInfo test) {
        setField("steps", "5");
        setField("step-millis", "400");
        List<String> before = jobCards();
        browser.findElement(By.id("start-job")).click();

        String job = await(test, "the new job's card", d -> newJobCard(before));
        await(test, "progress between 0 and 100 %", d -> {
            int progress = Integer.parseInt(attribute(card(job), "data-progress"));
            return progress > 0 && progress < 100 ? progress : null;
        });
        await(test, "the server's estimate on the card", d -> text(card(job) + " .eta").matches("~\\d+ s left, [\\d.]+ %/s"));
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
    }

    @Test
    @Order(2)
    void theDemoPageShowsTheErrorOfAFailingJob(TestInfo test) {
        openDemoPage();
        setField("steps", "5");
        setField("step-millis", "100");
        List<String> before = jobCards();
        browser.findElement(By.id("start-failing-job")).click();

        String job = await(test, "the new job's card", d -> newJobCard(before));
        await(test, "the job failed", d -> "failed".equals(attribute(card(job), "data-status")));

        assertEquals("demo_failure: Step 3 of 5 failed, as asked", text(card(job) + " .job-error"));
        assertEquals(List.of("1 job.created", "2 job.started", "3 job.progress", "4 job.progress", "5 job.failed"),
                loggedEvents(job));
    }

    @Test
    @Order(2)
    void theDemoPageWatchesTheExampleBatchJobLive() {
        new DemoPageBatchJob(browser, dir, gateway::logTail).startsTheImportAndWatchesItLive(gateway.base());
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

    /** A page that imports the client from /jobs-client.esm.js in a {@code <script type="module">} (module-page.html). */
    @Test
    @Order(6)
    void aPageThatImportsTheEsModuleGetsTheJobsEvents(TestInfo test) {
        String job = "module-" + UUID.randomUUID().toString().substring(0, 8);
        publish("demo-acme", job, "{\"type\":\"job.created\"}");
        browser.get(gateway.base().resolve("module-page.html?apiKey=demo-viewer&jobId=" + job).toString());

        await(test, "the module page in the job's room", d -> attribute("#state", "data-room"));
        publish("demo-acme", job, event("job.progress", 50));
        await(test, "the live event on the module page", d -> text("#events").contains("2 job.progress"));

        assertEquals("1 job.created, 2 job.progress", text("#events"), "each event once, in order");
        assertEquals(List.of("open", "websocket", "job:" + job, "true", "undefined"), Arrays.asList(attribute("#state", "data-state"),
                attribute("#state", "data-transport"), attribute("#state", "data-room"), attribute("#state", "data-exports"),
                attribute("#state", "data-global")), "state, transport, room, the exports, and no global JobsClient");
    }

    // ================================================================ the Faces tag

    @Test
    @Order(7)
    void theFacesTagFollowsAJobLive(TestInfo test) {
        facesTagFollowsAJob(test, gateway.base(), "websocket");
    }

    /** The Faces example page at {@code base} shows every event of a job once, in order, up to 100 %, over {@code transport}. */
    private void facesTagFollowsAJob(TestInfo test, URI base, String transport) {
        String job = "faces-" + UUID.randomUUID().toString().substring(0, 8);
        publish("demo-acme", job, "{\"type\":\"job.created\"}");
        browser.get(base.resolve("jsf-example.xhtml?jobId=" + job + "&apiKey=demo-viewer").toString());

        await(test, "the tag shows the created job", d -> "pending".equals(attribute("#progress", "data-status"))
                && "1".equals(attribute("#progress", "data-seq")));
        // Each render sets data-seq: the values it had before each change, then the last, are every seq the tag showed.
        script("""
                const tag = document.getElementById('progress');
                const before = [];
                new MutationObserver((changes) => changes.forEach((c) => before.push(c.oldValue)))
                  .observe(tag, { attributes: true, attributeFilter: ['data-seq'], attributeOldValue: true });
                window.shownSeqs = () => before.concat([tag.dataset.seq]);
                """);
        for (int progress : new int[] {40, 80}) {
            publish("demo-acme", job, "{\"type\":\"job.progress\",\"data\":{\"progress\":" + progress
                    + ",\"message\":\"Step at " + progress + "\"}}");
            await(test, progress + " % on the tag", d -> text("#progress .jobs-progress__percent").equals(progress + " %")
                    && text("#progress .jobs-progress__message").equals("Step at " + progress));
        }
        await(test, "the server's estimate on the tag, from the second progress on",
                d -> text("#progress .jobs-progress__eta").matches("~\\d+ s left, [\\d.]+ %/s"));
        publish("demo-acme", job, "{\"type\":\"job.completed\",\"data\":{\"result\":{}}}");
        await(test, "the tag shows the job completed", d -> "completed".equals(attribute("#progress", "data-status"))
                && text("#progress .jobs-progress__percent").equals("100 %"));
        assertEquals("open", attribute("#progress", "data-connection"));
        assertEquals(transport, attribute("#progress", "data-transport"));
        assertEquals(List.of("1", "2", "3", "4"), script("return window.shownSeqs()"), "each event once, in order");
    }

    // ================================================================ login

    @Test
    @Order(8)
    void aLoggedInPageConnectsWithoutAKey(TestInfo test) {
        loggedInPageConnectsWithoutAKey(test, gateway.base(), "websocket");
    }

    /** The logged-in page at {@code base}, after logging in there, gets its user's job over {@code transport}. */
    private void loggedInPageConnectsWithoutAKey(TestInfo test, URI base, String transport) {
        try {
            browser.get(base.resolve("secure/live").toString());
            await(test, "the login form", d -> d.findElements(By.id("username")).isEmpty() ? null : true);
            browser.findElement(By.id("username")).sendKeys(TestUsers.USER);
            browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
            browser.findElement(By.id("login")).click();

            await(test, "the logged-in page in the client's room", d -> attribute("#who", "data-room"));
            assertEquals(TestUsers.USER, text("#user"));
            assertEquals(TestUsers.USER, attribute("#who", "data-user-id"), "the connection's user is the login's");
            assertEquals("default", attribute("#who", "data-client-id"), "jobs.login.client-id's default");
            assertEquals("client:default", attribute("#who", "data-room"));
            assertEquals(transport, attribute("#who", "data-transport"));

            String job = "login-" + UUID.randomUUID().toString().substring(0, 8);
            publish("default-publisher", job, "{\"type\":\"job.created\",\"userId\":\"" + TestUsers.USER + "\"}");
            await(test, "the event on the logged-in page", d -> attribute("#events li[data-job-id='" + job + "']", "data-seq"));
        } finally {
            browser.manage().deleteAllCookies();
        }
    }

    // ================================================================ behind proxies

    @Test
    @Order(9)
    void theBrowserReachesNothingButLoopback(TestInfo test) throws IOException {
        browser.get(gateway.base().toString()); // loopback: direct, not through the proxy that is nowhere
        try (ServerSocket listening = new ServerSocket(nowhere, 10, InetAddress.getLoopbackAddress())) {
            listening.setSoTimeout(10_000);
            script("""
                    window.fetched = null;
                    fetch('http://example.com/from-the-browser-tests', { mode: 'no-cors' })
                      .then(() => { window.fetched = 'reached'; }, () => { window.fetched = 'failed'; });
                    """);
            try (Socket asked = listening.accept()) {
                String requestLine = new BufferedReader(new InputStreamReader(asked.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                assertEquals("GET http://example.com/from-the-browser-tests HTTP/1.1", requestLine,
                        "anything off loopback goes to the proxy setting's port");
            }
        }
        assertEquals("failed", await(test, "the fetch off loopback settled", d -> script("return window.fetched")));
    }

    /** Refusing WebSockets: the client goes on over Server-Sent Events; holding streams back too: over long polling. */
    private static final String REFUSING_WEBSOCKETS = "REFUSE_WEBSOCKETS, sse";
    private static final String HOLDING_STREAMS_BACK_TOO = "REFUSE_WEBSOCKETS_AND_BUFFER, poll";

    @ParameterizedTest(name = "{0}: over {1}")
    @CsvSource({REFUSING_WEBSOCKETS, HOLDING_STREAMS_BACK_TOO})
    @Order(10)
    void theDemoPageGoesOnBehindAProxy(Rule rule, String transport, TestInfo test) {
        proxy.rule(rule);
        openDemoPage(proxy.base(), transport);
        demoJobMovesTo100Percent(test);
    }

    @ParameterizedTest(name = "{0}: over {1}")
    @CsvSource({REFUSING_WEBSOCKETS, HOLDING_STREAMS_BACK_TOO})
    @Order(11)
    void theFacesTagGoesOnBehindAProxy(Rule rule, String transport, TestInfo test) {
        proxy.rule(rule);
        facesTagFollowsAJob(test, proxy.base(), transport);
    }

    @Test
    @Order(12)
    void aLoggedInPageGoesOnOverServerSentEventsWithItsCookies(TestInfo test) {
        proxy.rule(Rule.REFUSE_WEBSOCKETS);
        loggedInPageConnectsWithoutAKey(test, proxy.base(), "sse");
    }

    @Test
    @Order(15)
    void theClientNamesItsTransportAndMovesBackUpWithoutLosingOrRepeatingAnEvent(TestInfo test) {
        proxy.rule(Rule.REFUSE_WEBSOCKETS_AND_BUFFER);
        String job = "moving-" + UUID.randomUUID().toString().substring(0, 8);
        publish("demo-acme", job, "{\"type\":\"job.created\"}");
        browser.get(proxy.base().resolve("login.html").toString());
        script("""
                const script = document.createElement('script');
                script.src = 'jobs-client.js';
                document.head.appendChild(script);
                """);
        await(test, "jobs-client.js loaded", d -> script("return typeof JobsClient === 'function'"));

        Map<String, Object> polling = asyncScript("""
                const [job, done] = arguments;
                const client = window.moving = new JobsClient({ apiKey: 'demo-viewer', streamTimeout: 2000,
                  upgradeInterval: 1500, minReconnectDelay: 200 });
                const seen = window.seen = { states: [], events: [] };
                client.on('state', (s) => seen.states.push(s.state + ' ' + s.transport));
                client.on('event', (e) => seen.events.push(e.seq + ' ' + e.type));
                const out = {};
                client.subscribe({ jobId: job, since: 0 })
                  .then(() => client.subscribe().then(() => 'joined', (e) => e.code))
                  .then((wide) => { out.clientRoom = wide; return client.history(job, { limit: 1 }); })
                  .then((events) => { out.history = events.map((e) => e.seq + ' ' + e.type); out.transport = client.transport; done(out); })
                  .catch((e) => done({ failure: String(e) }));
                """, job);
        assertEquals(Map.of("clientRoom", "unsupported", "history", List.of("1 job.created"), "transport", "poll"), polling,
                "over long polling: job rooms and history, no client room");

        publish("demo-acme", job, event("job.progress", 30));
        await(test, "the event over long polling", d -> seenEvents().size() == 2);
        proxy.rule(Rule.REFUSE_WEBSOCKETS);
        await(test, "the client on Server-Sent Events", d -> "open sse".equals(lastState()));
        publish("demo-acme", job, event("job.progress", 60));
        await(test, "the event over Server-Sent Events", d -> seenEvents().size() == 3);
        proxy.rule(Rule.PASS_EVERYTHING);
        await(test, "the client on WebSocket", d -> "open websocket".equals(lastState()));
        publish("demo-acme", job, "{\"type\":\"job.completed\",\"data\":{\"result\":{}}}");
        await(test, "the last event over WebSocket", d -> seenEvents().size() == 4);
        script("window.moving.close()");
        proxy.rule(Rule.REFUSE_WEBSOCKETS);

        assertEquals(List.of("1 job.created", "2 job.progress", "3 job.progress", "4 job.completed"), seenEvents(),
                "each event once, in order, across three transports");
        assertEquals(List.of("connecting websocket", "reconnecting websocket", "reconnecting sse", "reconnecting poll",
                "open poll", "open sse", "open websocket", "closed websocket"), script("return window.seen.states"));
    }

    private List<String> seenEvents() {
        return script("return window.seen.events");
    }

    private String lastState() {
        return script("return window.seen.states[window.seen.states.length - 1]");
    }

    // ================================================================ a server restart

    @Test
    @Order(20)
    void afterAServerRestartThePageHasEveryEventOnceInOrder(TestInfo test) throws Exception {
        pageHasEveryEventOnceAcrossARestart(test, gateway.base(), "websocket");
    }

    @Test
    @Order(21)
    void overServerSentEventsThePageResumesFromItsPositionsAfterARestart(TestInfo test) throws Exception {
        proxy.rule(Rule.REFUSE_WEBSOCKETS);
        pageHasEveryEventOnceAcrossARestart(test, proxy.base(), "sse");
    }

    /** The demo page at {@code base}, over {@code transport}, while the gateway restarts mid-job: each event once, in order. */
    private void pageHasEveryEventOnceAcrossARestart(TestInfo test, URI base, String transport) throws IOException {
        openDemoPage(base, transport);
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
        assertEquals(transport, attribute("#state", "data-transport"), "the transport it had before the restart");
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
        openDemoPage(gateway.base(), "websocket");
    }

    /** The demo page at {@code base}, open over {@code transport} and, unless polling, in its client's room. */
    private void openDemoPage(URI base, String transport) {
        browser.get(base.toString());
        await(null, "the demo page open over " + transport + (transport.equals("poll") ? "" : " and in its client's room"),
                d -> "open".equals(attribute("#state", "data-state")) && transport.equals(attribute("#state", "data-transport"))
                        && (transport.equals("poll") || attribute("#state", "data-room") != null));
    }

    private static String card(String jobId) {
        return "#jobs .job[data-job-id='" + jobId + "']";
    }

    private static String event(String type, int progress) {
        return type.equals("job.progress")
                ? "{\"type\":\"job.progress\",\"data\":{\"progress\":" + progress + ",\"message\":\"at " + progress + "\"}}"
                : "{\"type\":\"" + type + "\"}";
    }

    private List<String> loggedEvents(String jobId) {
        return DemoPage.loggedEvents(browser, jobId);
    }

    private void setField(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** The job ids of the demo page's cards (see {@link DemoPage#jobCards}). */
    private List<String> jobCards() {
        return DemoPage.jobCards(browser);
    }

    private String newJobCard(List<String> before) {
        return DemoPage.newJobCard(browser, before);
    }

    private String attribute(String css, String name) {
        return DemoPage.attribute(browser, css, name);
    }

    private String text(String css) {
        return DemoPage.text(browser, css);
    }

    @SuppressWarnings("unchecked")
    private <T> T asyncScript(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) browser).executeAsyncScript(script, arguments);
    }

    private <T> T script(String script, Object... arguments) {
        return DemoPage.script(browser, script, arguments);
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
