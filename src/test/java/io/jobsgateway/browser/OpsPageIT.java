package io.jobsgateway.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.browser.server.TestUsers;
import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.Ports;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.it.PackagedBuild;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations page at {@code /ops/}, in headless Chromium, against two gateway nodes in
 * cluster mode on a Redis of the test's own (Payara Micro processes started as a user starts
 * them, from the packaged WAR plus a test login, {@link LoginWar}). The page refuses a key
 * without the admin scope; with an admin key it shows both nodes, and its numbers and charts
 * move as the test opens WebSockets on either node, publishes through both, lets a reader stall
 * and closes sockets; a login in {@code jobs.ops.role} needs no key. The page's numbers are read
 * as it shows them (its {@code data-value} attributes and each chart's {@code data-last}).
 *
 * <p>It also takes the picture of the page in the docs: {@code target/browser-it/ops-page.png},
 * copied by hand to {@code src/docs/ops-page.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsPageIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN = "ops-admin";
    private static final String VIEWER = "ops-viewer";
    private static final String PUBLISHER = "ops-publisher";
    private static final String KEYS = """
            [{"key": "ops-admin", "clientId": "ops", "scopes": ["admin"]},
             {"key": "ops-viewer", "clientId": "acme"},
             {"key": "ops-publisher", "clientId": "acme", "scopes": ["publish"]}]
            """;
    /** A progress this large fills the read window (256 KB) of a reader that stalls in a few dozen events. */
    private static final String PAD = "x".repeat(9000);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static ChromeDriver browser;
    private static RedisServer redis;
    private static GatewayServer nodeA;
    private static GatewayServer nodeB;
    private static final List<WebSocket> sockets = new ArrayList<>();
    private static final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    private static final AtomicReference<String> publishFailure = new AtomicReference<>();
    private static final String JOB = "ops-page-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startBrowserAndTwoNodes() throws IOException {
        dir = PackagedBuild.war().resolveSibling("browser-it");
        Files.createDirectories(dir);
        browser = Chromium.start(Files.createTempDirectory(dir, "chromium-profile"), Ports.free());
        redis = RedisServer.withAppendOnlyFile();
        Path keys = dir.resolve("ops-keys.json");
        Files.writeString(keys, KEYS);
        Path war = LoginWar.write(LoginWar.archive(), dir.resolve("jobs-gateway-ops.war"));
        Map<String, String> settings = Map.of(
                "JOBS_API_KEYS_FILE", keys.toString(),
                "JOBS_REDIS_ADDRESS", redis.address(),
                "JOBS_OPS_ROLE", "user", // the test login's group
                "JOBS_MAX_QUEUED_MESSAGES", "20", // a stalled reader's progress is replaced past 10 waiting
                "JOBS_HEARTBEAT_INTERVAL_MS", "1500",
                "JOBS_HEARTBEAT_TIMEOUT_MS", "6000");
        nodeA = PackagedBuild.node("ops-a", war, settings, dir);
        nodeB = PackagedBuild.node("ops-b", war, settings, dir);
        nodeA.start(); // both boot side by side
        nodeB.start();
        nodeA.awaitReadiness(200, BOOT);
        nodeB.awaitReadiness(200, BOOT);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        publisher.shutdownNow();
        sockets.forEach(WebSocket::abort);
        for (AutoCloseable resource : new AutoCloseable[] {browser == null ? null : browser::quit, nodeA, nodeB, redis}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    @Order(1)
    void withoutAKeyThePageAsksForOneAndRefusesAKeyWithoutTheAdminScope() {
        browser.get(nodeA.base().resolve("ops/").toString());
        await("the key form, after a 401 without a key",
                () -> "signed-out".equals(attribute("#status", "data-state")) && "401".equals(attribute("#status", "data-code")));
        assertEquals("", text("#key-error"), "no error before a key was tried");

        enterKey(VIEWER);

        await("the 403 of a key without the admin scope", () -> "403".equals(attribute("#status", "data-code")));
        assertTrue(text("#key-error").contains("admin scope"), text("#key-error"));
        assertEquals(Boolean.TRUE, script("return document.getElementById('board').hidden"));
    }

    @Test
    @Order(2)
    void withAnAdminKeyItShowsBothNodesAndItsNumbersMoveWithTheTraffic() {
        enterKey(ADMIN);
        await("the page live, with both nodes", () -> "live".equals(attribute("#status", "data-state"))
                && "2".equals(attribute("#status", "data-nodes")));
        assertEquals("key", attribute("#status", "data-auth"));
        String a = attribute("#nodes tbody tr:nth-child(1)", "data-node");
        String b = attribute("#nodes tbody tr:nth-child(2)", "data-node");
        assertEquals(Double.valueOf(0), number("#total-connections"), "no connection yet");

        for (int i = 0; i < 5; i++) {
            sockets.add(connect(i < 3 ? nodeA : nodeB, true));
        }
        await("3 WebSockets on node A, 2 on node B, each in the job's room, one room per node",
                () -> cell(a, "websocket") == 3 && cell(b, "websocket") == 2 && number("#total-subscriptions") == 5
                        && number("#total-rooms") == 2);
        assertEquals(Map.of(a + " websocket", 3L, a + " sse", 0L, a + " poll", 0L, b + " websocket", 2L, b + " sse", 0L,
                b + " poll", 0L), lastOf("connections"), "the chart shows what the table does");

        publisher.scheduleWithFixedDelay(OpsPageIT::publishOne, 0, 50, TimeUnit.MILLISECONDS);
        await("events published and delivered on both nodes, and a lag", () -> cell(a, "published") > 0
                && cell(b, "published") > 0 && cell(a, "deliveries") > 0 && cell(b, "deliveries") > 0
                && number("#total-lag") != null && number("#total-lag") >= 0);
        assertTrue(((Number) lastOf("events").get("published http")).doubleValue() > 0, lastOf("events").toString());

        WebSocket stalled = connect(nodeB, false);
        sockets.add(stalled);
        await("a stalled reader's progress replaced", () -> lastOf("slow").get("progress replaced") instanceof Number n
                && n.doubleValue() > 0);
        await("the stalled reader closed for its missing pongs, by code", () -> lastOf("closes").containsKey("4408"));

        sockets.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        sockets.get(1).sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await("two sockets of node A closed, by code", () -> cell(a, "websocket") == 1 && lastOf("closes").containsKey("1000"));
        assertTrue(Integer.parseInt(attribute("#chart-connections", "data-points")) > 3, "the charts hold every second");
        assertEquals(null, publishFailure.get(), "every publish was accepted");
    }

    /** Not a check: the picture of the page in the docs, two nodes under traffic (copied to src/docs/ops-page.png). */
    @Test
    @Order(3)
    void screenshotOfThePageUnderTraffic() throws IOException {
        await("the charts some way across", Duration.ofSeconds(90),
                () -> Integer.parseInt(attribute("#chart-connections", "data-points")) >= 45);
        browser.manage().window().setSize(new Dimension(1400, 1400));
        Path shot = dir.resolve("ops-page.png");
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(shot) > 10_000, "a screenshot in " + shot);
    }

    @Test
    @Order(4)
    void aLoginInTheRoleOfJobsOpsRoleNeedsNoKey() {
        browser.findElement(By.id("forget-key")).click();
        await("the key forgotten", () -> "signed-out".equals(attribute("#status", "data-state")));
        try {
            browser.get(nodeA.base().resolve("secure/live").toString());
            await("the login form", () -> !browser.findElements(By.id("username")).isEmpty());
            browser.findElement(By.id("username")).sendKeys(TestUsers.USER);
            browser.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
            browser.findElement(By.id("login")).click();
            await("logged in", () -> browser.getCurrentUrl().endsWith("/secure/live"));

            browser.get(nodeA.base().resolve("ops/").toString());
            await("the page live through the login", () -> "live".equals(attribute("#status", "data-state")));
            assertEquals("login", attribute("#status", "data-auth"));
            assertEquals(Boolean.TRUE, script("return document.getElementById('key-form').hidden"));
        } finally {
            browser.manage().deleteAllCookies();
        }
    }

    // ================================================================ helpers

    /**
     * A WebSocket of the viewer key in the job's room, on {@code node}: one that reads answers
     * pings as a client must; one that does not reads nothing at all, not even a protocol ping.
     */
    private static WebSocket connect(GatewayServer node, boolean reads) {
        URI uri = URI.create(node.base().resolve("jobs").toString().replaceFirst("^http", "ws"));
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + VIEWER)
                .buildAsync(uri, reads ? new Reader() : new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        // no request(n): no frame is read, so no pong of either kind is sent
                    }
                }).join();
        socket.sendText("{\"type\":\"subscribe\",\"jobId\":\"" + JOB + "\"}", true).join();
        return socket;
    }

    /** Reads every message, and answers the gateway's pings (contract section 3) so that it stays open. */
    private static final class Reader implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
            message.append(part);
            if (last) {
                if (message.indexOf("\"type\":\"ping\"") >= 0 && message.length() < 200) {
                    socket.sendText("{\"type\":\"pong\"}", true);
                }
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    private static final AtomicInteger published = new AtomicInteger();

    /** One large progress of the job, through either node in turn. */
    private static void publishOne() {
        int n = published.incrementAndGet();
        GatewayServer node = n % 2 == 0 ? nodeA : nodeB;
        String body = n == 1 ? "{\"type\":\"job.created\"}"
                : "{\"type\":\"job.progress\",\"data\":{\"progress\":" + (n % 100) + ",\"pad\":\"" + PAD + "\"}}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.base().resolve("api/jobs/" + JOB + "/events"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + PUBLISHER)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                publishFailure.compareAndSet(null, response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            publishFailure.compareAndSet(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enterKey(String key) {
        await("the key form", () -> browser.findElement(By.id("key")).isDisplayed());
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("use-key")).click();
    }

    /** The number an element shows ({@code data-value}), or null while it shows none. */
    private Double number(String css) {
        String value = attribute(css, "data-value");
        return value == null || value.isEmpty() ? null : Double.valueOf(value);
    }

    /** A number of a node's row; -1 while it shows none. */
    private double cell(String node, String field) {
        Double value = number("#nodes tr[data-node='" + node + "'] td[data-field='" + field + "']");
        return value == null ? -1 : value;
    }

    /** Each series of a chart with its last point, as the chart has it. */
    private Map<String, Object> lastOf(String chart) {
        return script("return JSON.parse(document.getElementById('chart-' + arguments[0]).dataset.last || '{}')", chart);
    }

    private String attribute(String css, String name) {
        return script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css, name);
    }

    private String text(String css) {
        return script("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
    }

    @SuppressWarnings("unchecked")
    private <T> T script(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void await(String what, Supplier<Boolean> shown) {
        await(what, WAIT, shown);
    }

    /** Waits for the page to show it; on timeout, fails with a screenshot, what the page says and the nodes' logs. */
    private void await(String what, Duration timeout, Supplier<Boolean> shown) {
        try {
            new WebDriverWait(browser, timeout, Duration.ofMillis(100)).until(d -> shown.get());
        } catch (TimeoutException e) {
            Path shot = dir.resolve("ops-page-failure.png");
            try {
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException ignored) {
                shot = null;
            }
            throw new AssertionError("No " + what + " within " + timeout + " on " + browser.getCurrentUrl() + " (screenshot "
                    + shot + "). The page says:\n" + script("return document.body.innerText") + "\nits charts' last points: "
                    + script("return Array.from(document.querySelectorAll('figure')).map(f => f.id + ' ' + f.dataset.last)")
                    + "\npublishing: " + publishFailure.get() + "\nnode A's log ends with:\n" + nodeA.logTail()
                    + "\nnode B's log ends with:\n" + nodeB.logTail(), e);
        }
    }
}
