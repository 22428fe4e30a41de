package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.RedisServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Contract section 9, from outside: {@code GET /metrics} in Prometheus text format, behind
 * {@code jobs.metrics.key}, every name present, and values that move as the test drives
 * traffic over WebSocket, SSE and HTTP. The counters are this node's since start-up, shared
 * with nothing else in this deployment, so each test compares before and after.
 */
class MetricsIT extends DeployedGatewayTest {

    private static final String METRICS_KEY = "scrape-me-1234";
    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String PUBLISHER = KEYS.plain("acme", null, "publish");
    /** Keys of their own where a test spends the per-key publish rate, so that no other test meets its 429. */
    private static final String FLOODER = KEYS.plain("acme", null, "publish");
    private static final String SLOW_PUBLISHER = KEYS.plain("acme", null, "publish");
    private static final String WATCHER = KEYS.plain("acme", null);
    private static final boolean CLUSTER = Boolean.getBoolean("jobs.it.cluster");

    /** The server's way in for pre-encoded frames (quirks.PreEncodedFrames). */
    private static final String PRE_ENCODED = "wildfly".equals(System.getProperty("arquillian.launch")) ? "undertow" : "tyrus";

    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "jobs.api-keys.file", KEYS.write().toString(),
                "jobs.metrics.key", METRICS_KEY,
                "jobs.heartbeat.interval-ms", "500",
                "jobs.heartbeat.timeout-ms", "3000",
                "jobs.max-queued-messages", "20",
                "jobs.rate-limit.publish-per-second", "30",
                "jobs.demo.enabled", "true"));
        if (CLUSTER) {
            settings.put("jobs.redis.address", RedisServer.withAppendOnlyFile().address());
        }
        return Deployments.packagedWar(settings);
    }

    @Test
    void theTextFormatBehindTheKeyWithEveryNameOfTheContract() {
        assertEquals(401, gateway.metrics(Auth.none()).statusCode(), "jobs.metrics.key is set");
        assertEquals(401, gateway.metrics(Auth.bearer("wrong")).statusCode());
        HttpResponse<String> scraped = gateway.metrics(Auth.bearer(METRICS_KEY));
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scraped.headers().toString());
        List<String> names = new ArrayList<>(List.of("jobs_gateway_connections{transport=\"websocket\"}",
                "jobs_gateway_connections{transport=\"sse\"}", "jobs_gateway_subscriptions",
                "jobs_gateway_events_published_total{source=\"http\"}", "jobs_gateway_events_published_total{source=\"cdi\"}",
                "jobs_gateway_deliveries_total", "jobs_gateway_closes_total{code=\"1000\"}",
                "jobs_gateway_rate_limited_total", "jobs_gateway_progress_replaced_total",
                "jobs_gateway_resumes_total{recovered=\"true\"}", "jobs_gateway_resumes_total{recovered=\"false\"}",
                "jobs_gateway_delivery_lag_seconds_count", "jobs_gateway_delivery_lag_seconds_sum",
                "jobs_gateway_delivery_lag_seconds_bucket{le=\"0.01\"}", "jobs_gateway_delivery_lag_seconds_bucket{le=\"+Inf\"}"));
        if (CLUSTER) {
            names.addAll(List.of("jobs_gateway_bus_gap_fills_total", "jobs_gateway_outbox_waiting"));
        }
        Map<String, Double> values = parse(scraped.body());
        assertAll(names.stream().map(name -> () -> assertTrue(values.containsKey(name), name + " in\n" + scraped.body())));
        assertTrue(scraped.body().contains("# TYPE jobs_gateway_delivery_lag_seconds histogram"), scraped.body());
        assertTrue(values.keySet().stream().noneMatch(name -> name.matches(".*[{,](job|jobId|key|user|userId|client|clientId)=.*")),
                "no label names a job, key or user");
    }

    @Test
    void connectionsSubscriptionsPublishesDeliveriesLagAndClosesMove() {
        Map<String, Double> before = scrape();
        String job = newJobId("metrics");
        TestSocket socket = gateway.connect("watcher", WATCHER);
        socket.send(json("type", "subscribe", "jobId", job));
        socket.nextOfType("subscribed");
        EventStream stream = gateway.stream("streamer", "jobId=" + job, Auth.apiKeyHeader(WATCHER));
        stream.next("connected");
        stream.next("subscribed");

        Map<String, Double> open = scrape();
        assertAll(() -> assertEquals(1, delta(before, open, "jobs_gateway_connections{transport=\"websocket\"}")),
                () -> assertEquals(1, delta(before, open, "jobs_gateway_connections{transport=\"sse\"}")),
                () -> assertEquals(2, delta(before, open, "jobs_gateway_subscriptions")));

        for (String type : List.of("job.created", "job.progress", "job.completed")) {
            publish(job, type);
        }
        socket.nextEvents(job, 3, TestSocket.WAIT);
        stream.jobs(3);
        Map<String, Double> after = eventually(() -> scrape(), now -> delta(before, now, "jobs_gateway_deliveries_total") >= 6);
        assertAll(() -> assertEquals(3, delta(before, after, "jobs_gateway_events_published_total{source=\"http\"}")),
                () -> assertEquals(6, delta(before, after, "jobs_gateway_deliveries_total"), "3 events to 2 connections"),
                () -> assertEquals(6, delta(before, after, "jobs_gateway_delivery_lag_seconds_count")),
                () -> assertEquals(6, delta(before, after, "jobs_gateway_delivery_lag_seconds_bucket{le=\"+Inf\"}")),
                () -> assertTrue(delta(before, after, "jobs_gateway_delivery_lag_seconds_sum") > 0, "some lag"),
                () -> assertTrue(delta(before, after, "jobs_gateway_websocket_writes_total{path=\"" + PRE_ENCODED + "\"}") > 0,
                        "the WebSocket's frames went pre-encoded, the server's own way"),
                () -> assertEquals(0, delta(before, after, "jobs_gateway_websocket_writes_total{path=\"standard\"}"),
                        "none through the standard API"));

        socket.close();
        stream.close();
        // The gauge drops as the connection leaves the registry, its close is counted just after:
        // wait for both, so that a scrape between the two is not taken for a close never counted.
        Map<String, Double> closed = eventually(() -> scrape(),
                now -> delta(before, now, "jobs_gateway_connections{transport=\"sse\"}") == 0
                        && delta(before, now, "jobs_gateway_connections{transport=\"websocket\"}") == 0
                        && delta(before, now, "jobs_gateway_closes_total{code=\"1000\"}") >= 1
                        && delta(before, now, "jobs_gateway_closes_total{code=\"1001\"}") >= 1);
        assertAll(() -> assertEquals(0, delta(before, closed, "jobs_gateway_subscriptions")),
                () -> assertEquals(1, delta(before, closed, "jobs_gateway_closes_total{code=\"1000\"}"), "the WebSocket's close"),
                () -> assertEquals(1, delta(before, closed, "jobs_gateway_closes_total{code=\"1001\"}"), "the stream's end"));
    }

    @Test
    void refusalsResumesRateLimitsAndFiredEventsAreCounted() {
        Map<String, Double> before = scrape();
        assertEquals(4401, gateway.open("no key", Auth.query("not-a-key")).awaitClose());

        String job = newJobId("metrics-resume");
        publish(job, "job.created");
        publish(job, "job.progress");
        TestSocket socket = gateway.connect("resumer", WATCHER);
        socket.send(json("type", "subscribe", "jobId", job, "since", 1));
        socket.nextOfType("subscribed");
        socket.send(json("type", "subscribe", "jobId", newJobId("metrics-unknown"), "since", 5));
        socket.nextOfType("subscribed");

        int limited = 0;
        for (int i = 0; i < 60 && limited == 0; i++) {
            limited += gateway.post("jobs/" + job + "/events", Auth.apiKeyHeader(FLOODER),
                    "{\"type\":\"job.progress\",\"data\":{}}").statusCode() == 429 ? 1 : 0;
        }
        assertEquals(1, limited, "past jobs.rate-limit.publish-per-second");

        HttpResponse<String> demo = gateway.post("demo/jobs", Auth.bearer(PUBLISHER), "{\"steps\":2,\"stepMillis\":20}");
        assertEquals(202, demo.statusCode(), demo.body());

        Map<String, Double> after = eventually(() -> scrape(),
                now -> delta(before, now, "jobs_gateway_events_published_total{source=\"cdi\"}") >= 5);
        assertAll(() -> assertEquals(1, delta(before, after, "jobs_gateway_closes_total{code=\"4401\"}"), "a refusal"),
                () -> assertEquals(1, delta(before, after, "jobs_gateway_resumes_total{recovered=\"true\"}")),
                () -> assertEquals(1, delta(before, after, "jobs_gateway_resumes_total{recovered=\"false\"}")),
                () -> assertEquals(1, delta(before, after, "jobs_gateway_rate_limited_total")),
                () -> assertTrue(delta(before, after, "jobs_gateway_events_published_total{source=\"cdi\"}") >= 5,
                        "the demo job's created, started, progress and completed, fired through CDI"));
    }

    @Test
    void aSlowReadersReplacedProgressIsCounted() throws InterruptedException {
        Map<String, Double> before = scrape();
        String job = newJobId("metrics-slow");
        publish(job, "job.created");
        TestSocket slow = gateway.connect("slow", WATCHER);
        slow.send(json("type", "subscribe", "jobId", job));
        slow.nextOfType("subscribed");
        slow.pauseReading();
        // Past the read window (256 KB unread) the outbox holds the rest: over half of its 20, a
        // newer progress takes the place of the one waiting.
        for (int i = 0; i < 60; i++) {
            gateway.post("jobs/" + job + "/events", Auth.apiKeyHeader(SLOW_PUBLISHER),
                    "{\"type\":\"job.progress\",\"data\":{\"progress\":" + i + ",\"pad\":\"" + "x".repeat(9000) + "\"}}");
            Thread.sleep(40); // under the publish rate limit
        }
        Map<String, Double> after = eventually(() -> scrape(), now -> delta(before, now, "jobs_gateway_progress_replaced_total") > 0);
        assertTrue(delta(before, after, "jobs_gateway_progress_replaced_total") > 0);
        slow.resumeReading();
    }

    // ================================================================ helpers

    private void publish(String job, String type) {
        HttpResponse<String> response = gateway.post("jobs/" + job + "/events", Auth.apiKeyHeader(PUBLISHER),
                "{\"type\":\"" + type + "\",\"data\":{}}");
        assertEquals(202, response.statusCode(), response.body());
    }

    private Map<String, Double> scrape() {
        HttpResponse<String> response = gateway.metrics(Auth.bearer(METRICS_KEY));
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    /** Each sample line's name with its labels, and its value. */
    static Map<String, Double> parse(String text) {
        return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .collect(Collectors.toMap(line -> line.substring(0, line.lastIndexOf(' ')),
                        line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), (a, b) -> b));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    /** Scrapes until {@code done} (counts move on the server's threads, a little after the client saw it), 5 s at most. */
    private static Map<String, Double> eventually(Supplier<Map<String, Double>> scrape,
                                                  java.util.function.Predicate<Map<String, Double>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<String, Double> now = scrape.get();
        while (!done.test(now) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = scrape.get();
        }
        return now;
    }
}
