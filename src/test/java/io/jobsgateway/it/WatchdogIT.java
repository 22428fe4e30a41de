package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.assertConsecutive;
import static io.jobsgateway.it.Wire.isoInstant;
import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.RedisServer;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, items 2 and 3, on a single node, from outside: the stalled-job watchdog (a stall
 * timeout of 1 s, a lost timeout of 3 s, a sweep every 200 ms) and the server's progress estimate,
 * on the wire, live and replayed.
 */
class WatchdogIT extends DeployedGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String PUBLISHER = KEYS.plain("acme", null, "publish");
    private static final String WATCHER = KEYS.plain("acme", null);

    /** With system property {@code jobs.it.cluster}, in cluster mode on a Redis of the test's own: the publish script's estimate and index. */
    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "jobs.api-keys.file", KEYS.write().toString(),
                "jobs.stall-timeout-seconds", "1",
                "jobs.lost-timeout-seconds", "3",
                "jobs.watchdog.sweep-interval-ms", "200"));
        if (Boolean.getBoolean("jobs.it.cluster")) {
            settings.put("jobs.redis.address", RedisServer.withAppendOnlyFile().address());
        }
        return Deployments.packagedWar(settings);
    }

    private JsonObject publish(String jobId, String body) {
        HttpResponse<String> response = gateway.post("jobs/" + jobId + "/events", Auth.bearer(PUBLISHER), body);
        assertEquals(202, response.statusCode(), response.body());
        return Gateway.json(response);
    }

    private TestSocket watching(String... jobIds) {
        TestSocket socket = gateway.connect("watcher", WATCHER);
        for (String jobId : jobIds) {
            socket.send(json("type", "subscribe", "jobId", jobId));
            socket.nextOfType("subscribed");
        }
        return socket;
    }

    private List<JsonObject> history(String jobId) {
        HttpResponse<String> response = gateway.get("jobs/" + jobId + "/history", Auth.bearer(WATCHER));
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response).getJsonArray("events").getValuesAs(JsonObject.class);
    }

    @Test
    void aSilentJobIsStalledOnceThenLostOnTheWireAndInItsHistoryAndAJobThatOptedOutIsLeftAlone() {
        String job = newJobId("silent");
        String optedOut = newJobId("opted-out");
        TestSocket socket = watching(job, optedOut);
        publish(optedOut, "{\"type\":\"job.created\",\"data\":{\"stallTimeoutSeconds\":0,\"lostTimeoutSeconds\":0}}");
        publish(job, "{\"type\":\"job.created\"}");
        publish(job, "{\"type\":\"job.started\"}");

        List<JsonObject> events = socket.nextEvents(job, 4, WAIT);
        assertConsecutive(job, events, 1);
        JsonObject started = events.get(1);
        JsonObject stalled = events.get(2);
        assertEquals("job.updated", stalled.getString("type"), stalled.toString());
        assertEquals("stalled", stalled.getString("status"));
        Instant lastEventAt = isoInstant(stalled.getJsonObject("data"), "lastEventAt");
        Instant startedAt = isoInstant(started, "timestamp");
        assertTrue(!lastEventAt.isBefore(startedAt) && lastEventAt.isBefore(startedAt.plusSeconds(1)),
                "last heard from when job.started was stored: " + lastEventAt + " against " + startedAt);
        assertTrue(stalled.getJsonObject("data").getInt("silentSeconds") >= 1, stalled.toString());
        JsonObject lost = events.get(3);
        assertEquals("job.failed", lost.getString("type"), lost.toString());
        assertEquals("failed", lost.getString("status"));
        assertEquals("lost", lost.getJsonObject("data").getString("error"));
        assertFalse(lost.getJsonObject("data").getString("errorMessage").isBlank());
        isoInstant(lost.getJsonObject("data"), "completedAt");
        assertTrue(Duration.between(lastEventAt, isoInstant(lost, "timestamp")).toMillis() >= 3000,
                "lost after the lost timeout of silence: " + lost);

        socket.expectNoEventOf(job);
        assertEquals(1, socket.received().stream().filter(m -> TestSocket.isEventOf(optedOut, m)).count(),
                "a job created with both timeouts 0 is never spoken for");
        assertEquals(events, history(job), "history holds what was delivered");
    }

    @Test
    void aRealEventClearsTheStallAndTheNextSilenceStallsAgain() {
        String job = newJobId("resumes");
        TestSocket socket = watching(job);
        publish(job, "{\"type\":\"job.created\"}");
        assertEquals("job.created", socket.nextEvent(job, WAIT).getString("type"));
        assertEquals("stalled", socket.nextEvent(job, WAIT).getString("status"));

        publish(job, "{\"type\":\"job.progress\",\"data\":{\"progress\":50}}");
        assertEquals("job.progress", socket.nextEvent(job, WAIT).getString("type"));
        JsonObject again = socket.nextEvent(job, WAIT);
        assertEquals("stalled", again.getString("status"), "silent again after its real event: " + again);
        publish(job, "{\"type\":\"job.completed\"}");
        List<JsonObject> all = history(job);
        assertConsecutive(job, all, 1);
        assertEquals(List.of("job.created", "job.updated", "job.progress", "job.updated", "job.completed"),
                all.stream().map(e -> e.getString("type")).toList());
        socket.nextEvent(job, WAIT);
        socket.expectNoEventOf(job); // a completed job is not lost
    }

    @Test
    void progressCarriesTheServersEstimateLiveAndReplayedAndKeepsThePublishersOwn() throws InterruptedException {
        String job = newJobId("eta");
        TestSocket live = watching(job);
        publish(job, "{\"type\":\"job.created\"}");
        publish(job, "{\"type\":\"job.started\"}");
        Thread.sleep(300);
        publish(job, "{\"type\":\"job.progress\",\"data\":{\"progress\":10,\"message\":\"a tenth\"}}");
        Thread.sleep(300);
        publish(job, "{\"type\":\"job.progress\",\"data\":{\"progress\":20}}");
        publish(job, "{\"type\":\"job.progress\",\"data\":{\"progress\":30,\"etaSeconds\":99}}");
        publish(job, "{\"type\":\"job.completed\"}");

        List<JsonObject> events = live.nextEvents(job, 6, WAIT);
        for (JsonObject progress : events.subList(2, 4)) {
            JsonObject data = progress.getJsonObject("data");
            assertTrue(data.getJsonNumber("ratePerSecond").doubleValue() > 0, progress.toString());
            assertTrue(data.getJsonNumber("etaSeconds").isIntegral() && data.getInt("etaSeconds") >= 0, progress.toString());
        }
        assertEquals("a tenth", events.get(2).getJsonObject("data").getString("message"));
        assertEquals(json("progress", 30, "etaSeconds", 99), events.get(4).getJsonObject("data"),
                "what the publisher estimated itself is left as it is");

        TestSocket late = gateway.connect("late", WATCHER);
        late.send(json("type", "subscribe", "jobId", job, "since", 0));
        late.nextOfType("subscribed");
        assertEquals(events, late.nextEvents(job, 6, WAIT), "a resuming client sees the same estimate");
        assertEquals(events, history(job));
    }
}
