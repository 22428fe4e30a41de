package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.RedisServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Contract section 8, from outside: Server-Sent Events ({@code GET /api/stream}) and long
 * polling ({@code GET /api/poll}) with the WebSocket's auth, rooms, isolation, resume and
 * connection limit. Settings as {@link GatewayIT}'s: 500 ms heartbeats, 3 connections per key,
 * one allowed origin.
 */
class FallbackTransportsIT extends DeployedGatewayTest {

    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String ACME_PUBLISHER = KEYS.plain("acme", null, "publish");
    private static final String GLOBEX_PUBLISHER = KEYS.plain("globex", null, "publish");

    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "jobs.api-keys.file", KEYS.write().toString(),
                "jobs.heartbeat.interval-ms", "500",
                "jobs.heartbeat.timeout-ms", "2000",
                "jobs.max-connections-per-key", "3",
                "jobs.allowed-origins", "http://allowed.example",
                "jobs.rate-limit.publish-per-second", "200"));
        if (Boolean.getBoolean("jobs.it.cluster")) {
            settings.put("jobs.redis.address", RedisServer.withAppendOnlyFile().address());
        }
        return Deployments.packagedWar(settings);
    }

    // ================================================================ Server-Sent Events

    private static final String WATCHER = KEYS.plain("acme", null);

    @Test
    void streamsConnectedThenOneSubscribedPerRoomThenJobEventsAndMessages() {
        String job = newJobId("sse");
        EventStream stream = gateway.stream("watcher", "jobId=" + job + "&client=true", Auth.apiKeyHeader(WATCHER));
        assertEquals(200, stream.status());
        assertTrue(stream.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        JsonObject connected = stream.next("connected").data();
        assertAll(() -> assertEquals("connected", connected.getString("type")),
                () -> assertEquals("acme", connected.getString("clientId")),
                () -> assertEquals(500, connected.getInt("heartbeatIntervalMs")),
                () -> assertNotNull(connected.getString("connectionId")));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job), stream.next("subscribed").data());
        assertEquals(json("type", "subscribed", "room", "client:acme"), stream.next("subscribed").data());

        publish(ACME_PUBLISHER, job, "job.created");
        EventStream.Message created = stream.next("job");
        assertAll(() -> assertEquals("job.created", created.data().getString("type")),
                () -> assertEquals(1, created.data().getInt("seq")),
                () -> assertNotNull(created.id(), "a job event carries the id to resume from"));
        String other = newJobId("sse-other");
        publish(ACME_PUBLISHER, other, "job.created");
        EventStream.Message throughClientRoom = stream.next("job");
        assertEquals(other, throughClientRoom.data().getString("jobId"));
        assertEquals(created.id(), throughClientRoom.id(), "a token names the stream's job rooms only, which a resume names");
        assertEquals(202, gateway.post("messages", Auth.apiKeyHeader(ACME_PUBLISHER),
                "{\"event\":\"hello\",\"data\":{\"n\":1}}").statusCode());
        JsonObject message = stream.next("message").data();
        assertEquals("hello", message.getString("event"));
    }

    private static final String RESUMER = KEYS.plain("acme", null);

    @Test
    void lastEventIdResumesEveryJobOfTheStreamAtOnceWithNothingSkippedOrRepeated() throws InterruptedException {
        String first = newJobId("resume-a");
        String second = newJobId("resume-b");
        EventStream stream = gateway.stream("resumer", "jobId=" + first + "&jobId=" + second, Auth.apiKeyHeader(RESUMER));
        skipOpening(stream, 2);
        publish(ACME_PUBLISHER, first, "job.created");
        publish(ACME_PUBLISHER, second, "job.created");
        publish(ACME_PUBLISHER, first, "job.progress");
        String lastId = stream.jobs(3).get(2).id();
        stream.close();

        publish(ACME_PUBLISHER, second, "job.progress");
        publish(ACME_PUBLISHER, first, "job.completed");
        publish(ACME_PUBLISHER, second, "job.completed");

        EventStream resumed = gateway.stream("resumer again", "jobId=" + first + "&jobId=" + second,
                Auth.apiKeyHeader(RESUMER).withHeader("Last-Event-ID", lastId));
        resumed.next("connected");
        List<String> got = new ArrayList<>();
        int subscribed = 0;
        while (subscribed < 2 || got.size() < 3) { // each room's reply, then its replay
            EventStream.Message message = resumed.next();
            if (message.event().equals("subscribed")) {
                assertTrue(message.data().getBoolean("recovered"), message.toString());
                assertNotNull(message.data().getString("epoch"));
                subscribed++;
            } else {
                assertEquals("job", message.event(), message.toString());
                got.add((message.data().getString("jobId").equals(first) ? "a" : "b") + message.data().getInt("seq"));
            }
        }
        Collections.sort(got);
        assertEquals(List.of("a3", "b2", "b3"), got, "each missed event once, none already seen");
        assertTrue(resumed.nothingWithin(Duration.ofMillis(700)), "nothing more");
    }

    private static final String QUERY_RESUMER = KEYS.plain("acme", null);

    @Test
    void theQueryLastEventIdResumesToo_andAnotherEpochIsNotRecovered() {
        String job = newJobId("resume-query");
        publish(ACME_PUBLISHER, job, "job.created");
        publish(ACME_PUBLISHER, job, "job.progress");
        EventStream stream = gateway.stream("query resumer", "jobId=" + job + "&lastEventId="
                + URLEncoder.encode("zzzzzzzz.1." + job, StandardCharsets.UTF_8), Auth.apiKeyHeader(QUERY_RESUMER));
        stream.next("connected");
        JsonObject subscribed = stream.next("subscribed").data();
        assertFalse(subscribed.getBoolean("recovered"), "a position of a stream the job no longer has");
        assertEquals(List.of(1, 2), stream.jobs(2).stream().map(m -> m.data().getInt("seq")).toList(),
                "the whole of the job's current stream");
    }

    private static final String GLOBEX_WATCHER = KEYS.plain("globex", null);
    private static final String ALICE = KEYS.plain("acme", "alice");

    @Test
    void aStreamGetsOnlyWhatItsIdentityMaySee() throws InterruptedException {
        String acmeJob = newJobId("iso-acme");
        String bobsJob = newJobId("iso-bob");
        EventStream globex = gateway.stream("globex", "jobId=" + acmeJob + "&client=true", Auth.apiKeyHeader(GLOBEX_WATCHER));
        EventStream alice = gateway.stream("alice", "jobId=" + bobsJob + "&client=true", Auth.apiKeyHeader(ALICE));
        skipOpening(globex, 2);
        skipOpening(alice, 2);
        publish(ACME_PUBLISHER, acmeJob, "job.created");
        assertEquals(202, gateway.post("jobs/" + bobsJob + "/events", Auth.apiKeyHeader(ACME_PUBLISHER),
                "{\"type\":\"job.created\",\"userId\":\"bob\"}").statusCode());
        publish(GLOBEX_PUBLISHER, newJobId("iso-globex"), "job.created");
        assertEquals("globex", globex.next("job").data().getString("clientId"), "its own client's job only");
        assertTrue(globex.nothingWithin(Duration.ofMillis(700)));
        // alice is acme's, but bound to herself: acme's job for no user reaches her, bob's does not
        assertEquals(acmeJob, alice.next("job").data().getString("jobId"));
        assertTrue(alice.nothingWithin(Duration.ofMillis(700)), "bob's job never reaches alice");
    }

    private static final String REFUSED = KEYS.plain("acme", "alice");
    private static final String ADMIN = KEYS.plain("ops", null, "admin");

    @Test
    void refusesWithPlainHttpBeforeTheStreamStarts() {
        String job = newJobId("refused");
        assertAll(
                () -> assertRefused(401, "unauthorized", gateway.stream("no key", "jobId=" + job, Auth.none())),
                () -> assertRefused(401, "unauthorized", gateway.stream("bad key", "jobId=" + job, Auth.apiKeyHeader("nope"))),
                () -> assertRefused(403, "forbidden", gateway.stream("origin", "jobId=" + job,
                        Auth.apiKeyHeader(REFUSED).withOrigin("http://evil.example"))),
                () -> assertRefused(403, "forbidden", gateway.stream("all", "all=true", Auth.apiKeyHeader(REFUSED))),
                () -> assertRefused(403, "forbidden", gateway.stream("other user", "userId=bob", Auth.apiKeyHeader(REFUSED))),
                () -> assertRefused(400, "bad_request", gateway.stream("no room", "", Auth.apiKeyHeader(REFUSED))),
                () -> assertRefused(400, "bad_request", gateway.stream("bad job", "jobId=a%20b", Auth.apiKeyHeader(REFUSED))),
                () -> assertRefused(400, "bad_request", gateway.stream("bad flag", "client=yes", Auth.apiKeyHeader(REFUSED))),
                () -> assertRefused(400, "bad_request", gateway.stream("bad resume", "jobId=" + job,
                        Auth.apiKeyHeader(REFUSED).withHeader("Last-Event-ID", "garbage"))));
        EventStream admin = gateway.stream("admin", "all=true", Auth.apiKeyHeader(ADMIN));
        assertEquals(200, admin.status());
        assertEquals(json("type", "subscribed", "room", "all-jobs"), skipTo(admin, "subscribed").data());
        EventStream allowed = gateway.stream("allowed origin", "client=true",
                Auth.apiKeyHeader(REFUSED).withOrigin("http://allowed.example"));
        assertEquals(200, allowed.status());
        assertEquals("http://allowed.example", allowed.response().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    private static final String SHARED = KEYS.plain("acme", null);

    @Test
    void streamsPollsAndWebSocketsShareTheKeysConnectionLimit() {
        String job = newJobId("limit");
        TestSocket socket = gateway.connect("socket", SHARED);
        EventStream one = gateway.stream("one", "jobId=" + job, Auth.apiKeyHeader(SHARED));
        EventStream two = gateway.stream("two", "jobId=" + job, Auth.apiKeyHeader(SHARED));
        assertEquals(200, one.status());
        assertEquals(200, two.status());
        assertRefused(429, "too_many_connections", gateway.stream("three", "jobId=" + job, Auth.apiKeyHeader(SHARED)));
        HttpResponse<String> poll = gateway.get("poll?jobId=" + job + "&wait=0", Auth.apiKeyHeader(SHARED));
        assertEquals(429, poll.statusCode(), poll.body());
        assertEquals(4429, gateway.open("fourth socket", Auth.apiKeyHeader(SHARED)).awaitClose());
        assertFalse(socket.isClosed());
    }

    private static final String RELOADER = KEYS.plain("acme", null);

    @Test
    void aStreamWhoseClientLeftGivesItsSlotBackToTheNextAtOnce() {
        String job = newJobId("reload");
        for (int page = 1; page <= 3; page++) { // a page reloaded: each time its stream closes and a new one opens
            for (int i = 0; i < 3; i++) {
                EventStream stream = gateway.stream("page " + page + " stream " + i, "jobId=" + job, Auth.apiKeyHeader(RELOADER));
                assertEquals(200, stream.status(), "page " + page + ", stream " + i);
                stream.next("connected");
                stream.close();
            }
        }
    }

    private static final String PINGED = KEYS.plain("acme", null);

    @Test
    void aPingCommentComesEveryHeartbeatInterval() throws InterruptedException {
        EventStream stream = gateway.stream("pinged", "client=true", Auth.apiKeyHeader(PINGED));
        skipOpening(stream, 1);
        TimeUnit.MILLISECONDS.sleep(1800);
        assertTrue(stream.comments() >= 2, "pings in 1.8 s at a 500 ms interval: " + stream.comments());
        assertFalse(stream.ended(), "a stream that is read stays open past the heartbeat timeout");
    }

    private static final String TICKETED = KEYS.plain("acme", null);

    @Test
    void aTicketOpensOneStream() {
        String ticket = Gateway.json(gateway.post("tickets", Auth.apiKeyHeader(TICKETED), "")).getString("ticket");
        String query = "client=true&ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        EventStream stream = gateway.stream("ticketed", query, Auth.none());
        assertEquals(200, stream.status());
        assertEquals("acme", stream.next("connected").data().getString("clientId"));
        assertRefused(401, "unauthorized", gateway.stream("ticket again", query, Auth.none()));
    }

    // ================================================================ long polling

    private static final String POLLER = KEYS.plain("acme", null);

    @Test
    void aPollAnswersAtOnceWithTheEventsAfterItsPositionAndWhereTheJobNowStands() {
        String job = newJobId("poll");
        publish(ACME_PUBLISHER, job, "job.created");
        publish(ACME_PUBLISHER, job, "job.progress");
        publish(ACME_PUBLISHER, job, "job.progress");
        JsonObject first = poll(POLLER, "jobId=" + job);
        assertEquals(List.of(1, 2, 3), seqs(first.getJsonArray("events")), "no since: from the job's first event");
        JsonObject position = first.getJsonObject("positions").getJsonObject(job);
        assertEquals(3, position.getInt("seq"));
        String epoch = position.getString("epoch");
        assertTrue(first.getJsonObject("recovered").getBoolean(job));

        JsonObject next = poll(POLLER, "jobId=" + job + "&since=2&epoch=" + epoch + "&wait=0");
        assertEquals(List.of(3), seqs(next.getJsonArray("events")));
        JsonObject none = poll(POLLER, "jobId=" + job + "&since=3&epoch=" + epoch + "&wait=0");
        assertEquals(List.of(), seqs(none.getJsonArray("events")));
        assertEquals(3, none.getJsonObject("positions").getJsonObject(job).getInt("seq"));
        JsonObject otherEpoch = poll(POLLER, "jobId=" + job + "&since=3&epoch=zzzzzzzz&wait=0");
        assertFalse(otherEpoch.getJsonObject("recovered").getBoolean(job));
        assertEquals(List.of(1, 2, 3), seqs(otherEpoch.getJsonArray("events")));
    }

    private static final String HOLDER = KEYS.plain("acme", null);

    @Test
    void aPollWithNothingNewIsHeldUntilTheFirstEventComes() throws Exception {
        String job = newJobId("held");
        publish(ACME_PUBLISHER, job, "job.created");
        String epoch = poll(HOLDER, "jobId=" + job).getJsonObject("positions").getJsonObject(job).getString("epoch");
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> held = gateway.getAsync("poll?jobId=" + job + "&since=1&epoch=" + epoch
                + "&wait=20", Auth.apiKeyHeader(HOLDER));
        TimeUnit.MILLISECONDS.sleep(700);
        assertFalse(held.isDone(), "held while the job has nothing new");
        publish(ACME_PUBLISHER, job, "job.progress");
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of(2), seqs(Gateway.json(answer).getJsonArray("events")));
        assertTrue(millis < 10_000, "answered when the event came, not at the end of the wait: " + millis + " ms");

        long quietStart = System.nanoTime();
        JsonObject quiet = poll(HOLDER, "jobId=" + job + "&since=2&epoch=" + epoch + "&wait=3");
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietStart);
        assertEquals(List.of(), seqs(quiet.getJsonArray("events")));
        assertTrue(quietMillis >= 2900, "held for the whole wait, past the 2 s heartbeat timeout: " + quietMillis + " ms");
    }

    private static final String GLOBEX_POLLER = KEYS.plain("globex", null);

    @Test
    void aPollOfAJobItMayNotSeeGetsNothing() {
        String job = newJobId("poll-iso");
        publish(ACME_PUBLISHER, job, "job.created");
        JsonObject answer = poll(GLOBEX_POLLER, "jobId=" + job + "&wait=0");
        assertEquals(List.of(), seqs(answer.getJsonArray("events")));
    }

    private static final String BAD_POLLER = KEYS.plain("acme", null);

    @Test
    void refusesAPollItCannotServe() {
        String job = newJobId("poll-bad");
        Auth key = Auth.apiKeyHeader(BAD_POLLER);
        String ticket = Gateway.json(gateway.post("tickets", key, "")).getString("ticket");
        assertAll(
                () -> assertStatus(401, gateway.get("poll?jobId=" + job, Auth.none())),
                () -> assertStatus(401, gateway.get("poll?jobId=" + job + "&ticket=" + ticket, Auth.none())),
                () -> assertStatus(401, gateway.get("poll?jobId=" + job + "&apiKey=" + BAD_POLLER, Auth.none())),
                () -> assertStatus(400, gateway.get("poll", key)),
                () -> assertStatus(400, gateway.get("poll?jobId=" + job + "&client=true", key)),
                () -> assertStatus(400, gateway.get("poll?jobId=" + job + "&wait=31", key)),
                () -> assertStatus(400, gateway.get("poll?jobId=" + job + "&since=x", key)),
                () -> assertStatus(400, gateway.get("poll?jobId=" + job + "&since=1&since=2", key)),
                () -> assertStatus(403, gateway.get("poll?jobId=" + job, key.withOrigin("http://evil.example"))));
    }

    // ================================================================ helpers

    private void publish(String key, String job, String type) {
        HttpResponse<String> response = gateway.post("jobs/" + job + "/events", Auth.apiKeyHeader(key),
                "{\"type\":\"" + type + "\",\"data\":{}}");
        assertEquals(202, response.statusCode(), response.body());
    }

    private JsonObject poll(String key, String query) {
        HttpResponse<String> response = gateway.get("poll?" + query, Auth.apiKeyHeader(key));
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response);
    }

    private static List<Integer> seqs(JsonArray events) {
        return events.stream().map(e -> e.asJsonObject().getInt("seq")).toList();
    }

    /** Reads {@code connected} and the {@code subscribed} replies of {@code rooms} rooms. */
    private static void skipOpening(EventStream stream, int rooms) {
        assertEquals(200, stream.status());
        stream.next("connected");
        for (int i = 0; i < rooms; i++) {
            stream.next("subscribed");
        }
    }

    private static EventStream.Message skipTo(EventStream stream, String event) {
        EventStream.Message message = stream.next();
        while (!message.event().equals(event)) {
            message = stream.next();
        }
        return message;
    }

    private static void assertRefused(int status, String code, EventStream stream) {
        assertEquals(status, stream.status());
        assertEquals(code, stream.error().getString("error"));
    }

    private static void assertStatus(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.request().uri() + ": " + response.body());
    }
}
