package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.assertConsecutive;
import static io.jobsgateway.it.Wire.assertError;
import static io.jobsgateway.it.Wire.assertFields;
import static io.jobsgateway.it.Wire.isoInstant;
import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static io.jobsgateway.it.Wire.seq;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.it.Gateway.Connected;
import io.jobsgateway.it.server.FailingRowProcessor;
import io.jobsgateway.it.server.TestBatchJobsResource;
import io.jobsgateway.it.server.TestJobs;
import io.jobsgateway.it.server.TestJobsResource;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The wire contract ({@code protocol.md}), checked from outside against the packaged WAR on
 * Payara Micro, by clients that know nothing of the code: a real WebSocket client and HTTP.
 *
 * <p>The deployment's settings are those of the contract except for short heartbeats (500 ms,
 * timeout 2 s), 3 connections per key, one allowed origin and the demo enabled. Each test uses
 * keys of its own (the per-key limit would otherwise couple them) and jobs of its own. Test-only
 * server classes ({@link TestJobs}) fire events through CDI the way a host application does.
 */
class GatewayIT extends DeployedGatewayTest {

    private static final Duration LONG_WAIT = Duration.ofSeconds(60);

    private static final ApiKeyFile KEYS = new ApiKeyFile();

    // Keys that only speak HTTP, so they never count against the connection limit.
    private static final String ACME_PUBLISHER = KEYS.plain("acme", null, "publish");
    private static final String GLOBEX_PUBLISHER = KEYS.plain("globex", null, "publish");
    private static final String ACME_WITHOUT_PUBLISH = KEYS.plain("acme", null);
    private static final String ADMIN = KEYS.hashed("ops", null, "admin", "publish");

    /**
     * The whole contract once on a single node in memory, and once more in cluster mode (system
     * property {@code jobs.it.cluster}, set by the pom's second Failsafe run), on a Redis of the
     * test's own: every case then goes through the publish script, the bus and the leases.
     */
    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "jobs.api-keys.file", KEYS.write().toString(),
                "jobs.heartbeat.interval-ms", "500",
                "jobs.heartbeat.timeout-ms", "2000",
                "jobs.max-connections-per-key", "3",
                "jobs.allowed-origins", "http://allowed.example",
                "jobs.demo.enabled", "true",
                // far above what any other test sends with one key, so only the rate test meets it
                "jobs.rate-limit.publish-per-second", "200",
                // above what the slow-reader tests queue (1000 events of 16 KB), so that a reader that keeps
                // reading is never closed for a moment's lag; the byte limit itself is OutboxTest's
                "jobs.max-queued-bytes", "33554432",
                "jobs.demo.max-running-jobs", "5"));
        if (Boolean.getBoolean("jobs.it.cluster")) {
            // It outlives the deployment, and is stopped (its folder removed) when the test JVM exits.
            RedisServer redis = RedisServer.withAppendOnlyFile();
            settings.put("jobs.redis.address", redis.address());
        }
        return Deployments.packagedWar(settings).addClasses(TestJobs.class, TestJobsResource.class,
                        TestBatchJobsResource.class, FailingRowProcessor.class)
                .addAsResource("io/jobsgateway/it/test-failing-import.xml", "META-INF/batch-jobs/test-failing-import.xml");
    }

    // ================================================================ connecting (section 3)

    @Test
    void refusesAClientWithoutKey() {
        TestSocket socket = gateway.open("no key", Auth.none());

        assertEquals(4401, socket.awaitClose());
        assertEquals(List.of(), socket.received(), "nothing may come before the close");
    }

    @Test
    void refusesAnInvalidKeyWhereverItIsGiven() {
        String wrong = ACME_PUBLISHER + "x";
        List<TestSocket> sockets = List.of(
                gateway.open("invalid key in query", Auth.query(wrong)),
                gateway.open("invalid bearer key", Auth.bearer(wrong)),
                gateway.open("invalid X-API-Key", Auth.apiKeyHeader("not-a-key")));

        for (TestSocket socket : sockets) {
            assertEquals(4401, socket.awaitClose(), socket.name());
            assertEquals(List.of(), socket.received(), socket.name() + ": nothing may come before the close");
        }
    }

    private static final String UNAUTHENTICATED_PUBLISHER = KEYS.plain("acme", "alice", "publish");

    @Test
    void deliversNothingBeforeAuthentication() {
        String job = newJobId("before-auth");
        TestSocket socket = gateway.open("unauthenticated", Auth.query("not-a-key"));
        socket.sendUnpaced(json("type", "subscribe").toString());
        socket.sendUnpaced(json("type", "subscribe", "jobId", job).toString());
        socket.sendUnpaced(json("type", "subscribe", "userId", "alice").toString());
        publish(UNAUTHENTICATED_PUBLISHER, job, json("type", "job.created", "userId", "alice"));

        assertEquals(4401, socket.awaitClose());
        assertEquals(List.of(), socket.received(), "an unauthenticated socket gets no message at all");
    }

    private static final String LIMITED = KEYS.plain("acme", null);

    @Test
    void refusesConnectionsPastThePerKeyLimit() {
        List<String> connectionIds = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            connectionIds.add(gateway.connect("limited #" + i, Auth.bearer(LIMITED)).hello().getString("connectionId"));
        }
        TestSocket fourth = gateway.open("limited #4", Auth.bearer(LIMITED));

        assertEquals(4429, fourth.awaitClose());
        assertEquals(List.of(), fourth.received(), "nothing may come before the close");
        assertEquals(3, Set.copyOf(connectionIds).size(), "connectionIds must be unique: " + connectionIds);
    }

    private static final String IN_QUERY = KEYS.plain("acme", "alice");

    @Test
    void acceptsTheKeyInTheQuery() {
        Connected connected = gateway.connect("key in query", Auth.query(IN_QUERY));

        assertHello(connected.hello(), "acme", "alice");
    }

    private static final String TICKET_HOLDER = KEYS.plain("acme", "alice");

    @Test
    void aTicketConnectsOnceWithTheIdentityOfTheKeyThatAskedForIt() {
        HttpResponse<String> issued = gateway.postAs("tickets", Auth.bearer(TICKET_HOLDER), null, "");
        assertEquals(201, issued.statusCode(), issued.body());
        JsonObject answer = Gateway.json(issued);
        assertFields(answer, Set.of("ticket", "expiresInSeconds"), Set.of());
        assertEquals(30, answer.getInt("expiresInSeconds"), "jobs.ticket.ttl-seconds defaults to 30");
        String ticket = answer.getString("ticket");

        assertHello(gateway.connect("with a ticket", Auth.ticket(ticket)).hello(), "acme", "alice");
        assertEquals("closed 4401", gateway.open("the same ticket again", Auth.ticket(ticket)).firstOutcome(TestSocket.WAIT),
                "a ticket is valid once");
        assertEquals("closed 4401", gateway.open("an unknown ticket", Auth.ticket("no-such-ticket")).firstOutcome(TestSocket.WAIT));
        assertEquals(401, gateway.postAs("tickets", Auth.none(), null, "").statusCode(), "a ticket needs a valid key");
    }

    private static final String AS_BEARER = KEYS.plain("acme", null);

    @Test
    void acceptsTheKeyAsBearerToken() {
        Connected connected = gateway.connect("bearer key", Auth.bearer(AS_BEARER));

        assertHello(connected.hello(), "acme", null);
    }

    private static final String IN_HEADER = KEYS.plain("acme", "bob");

    @Test
    void acceptsTheKeyInTheXApiKeyHeader() {
        Connected connected = gateway.connect("X-API-Key", Auth.apiKeyHeader(IN_HEADER));

        assertHello(connected.hello(), "acme", "bob");
    }

    private static final String HASHED = KEYS.hashed("globex", "carol");

    @Test
    void acceptsAKeyStoredOnlyAsItsHash() {
        Connected connected = gateway.connect("hashed key", Auth.bearer(HASHED));

        assertHello(connected.hello(), "globex", "carol");
    }

    private static final String ORIGIN_CHECKED = KEYS.plain("acme", null);

    @Test
    void refusesAHandshakeFromAnOriginNotAllowed() {
        assertEquals(403, gateway.refusedHandshakeStatus("evil origin",
                Auth.bearer(ORIGIN_CHECKED).withOrigin("http://evil.example")));

        Connected allowed = gateway.connect("allowed origin", Auth.bearer(ORIGIN_CHECKED).withOrigin("http://allowed.example"));
        assertHello(allowed.hello(), "acme", null);
    }

    private static final String STORMED = KEYS.plain("acme", null);

    @Test
    void aStormOfConnectsWithOneKeyLetsExactlyTheLimitIn() throws Exception {
        List<CompletableFuture<TestSocket>> handshakes = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            handshakes.add(gateway.openAsync("storm #" + i, Auth.bearer(STORMED)));
        }
        CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Map<String, Long> outcomes = new TreeMap<>();
        for (CompletableFuture<TestSocket> handshake : handshakes) {
            TestSocket socket = handshake.join();
            String outcome = socket.firstOutcome(Duration.ofSeconds(10));
            outcomes.merge(outcome, 1L, Long::sum);
            if (outcome.startsWith("closed")) {
                assertEquals(List.of(), socket.received(), socket.name() + ": nothing may come before the close");
            }
        }
        assertEquals(Map.of("connected", 3L, "closed 4429", 17L), outcomes);
    }

    private static final String RELEASED = KEYS.plain("acme", null);

    @Test
    void aDisconnectReleasesItsConnectionAndRooms() {
        String job = newJobId("released");
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            TestSocket socket = gateway.connect("released #" + i, RELEASED);
            subscribeToJob(socket, job);
            sockets.add(socket);
        }

        sockets.get(0).close();
        TestSocket fourth = connectWhenCountReleased("released #4", RELEASED);
        publish(ACME_PUBLISHER, job, json("type", "job.created"));

        assertEquals(1, seq(sockets.get(1).nextEvent(job)));
        assertEquals(1, seq(sockets.get(2).nextEvent(job)));
        fourth.expectNoEventOf(job);
    }

    private static final String RESETTER = KEYS.plain("acme", null);

    @Test
    void clientsThatResetRightAfterTheUpgradeGiveTheirSlotsBack() throws Exception {
        URI uri = gateway.socketUri(Auth.query(RESETTER));
        String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        for (int i = 0; i < 30; i++) {
            try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] status = socket.getInputStream().readNBytes(12);
                assertEquals("HTTP/1.1 101", new String(status, java.nio.charset.StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0); // closing now resets the connection: no close frame, no FIN
            }
        }

        // Within two heartbeat timeouts (2 s) every slot must be free again: the key's whole limit opens.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<String> outcomes;
        do {
            Thread.sleep(500);
            try (Gateway fresh = new Gateway(base())) {
                outcomes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    outcomes.add(fresh.open("after the resets #" + i, Auth.bearer(RESETTER)).firstOutcome(TestSocket.WAIT));
                }
            }
        } while (!outcomes.stream().allMatch("connected"::equals) && System.nanoTime() < deadline);
        assertEquals(List.of("connected", "connected", "connected"), outcomes);
    }

    // ================================================================ subscriptions (section 4)

    private static final String JOB_SUBSCRIBER = KEYS.plain("acme", null);

    @Test
    void subscribesToAJobEchoingTheRequestId() {
        String job = newJobId("subscribe");
        TestSocket socket = gateway.connect("job subscriber", JOB_SUBSCRIBER);

        socket.send(json("type", "subscribe", "jobId", job, "id", "s-1"));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "id", "s-1"), socket.next());

        socket.send(json("type", "subscribe", "jobId", job, "id", 42));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "id", 42), socket.next());

        socket.send(json("type", "subscribe", "jobId", job));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job), socket.next());
    }

    private static final String CLIENT_SUBSCRIBER = KEYS.plain("acme", null);

    @Test
    void subscribesToAllJobsOfItsOwnClient() {
        TestSocket socket = gateway.connect("client subscriber", CLIENT_SUBSCRIBER);

        socket.send(json("type", "subscribe", "id", 1));
        assertEquals(json("type", "subscribed", "room", "client:acme", "id", 1), socket.next());

        socket.send(json("type", "unsubscribe", "id", 2));
        JsonObject reply = socket.next();
        assertEquals("unsubscribed", reply.getString("type", null), reply.toString());
        assertEquals("client:acme", reply.getString("room", null), reply.toString());
        assertEquals(Json.createValue(2), reply.get("id"), reply.toString());
    }

    private static final String ALICE_ROOMS = KEYS.plain("acme", "alice");
    private static final String UNBOUND_ROOMS = KEYS.plain("acme", null);

    @Test
    void aKeyBoundToAUserMayJoinOnlyItsOwnUserRoom() {
        TestSocket alice = gateway.connect("alice", ALICE_ROOMS);

        alice.send(json("type", "subscribe", "userId", "alice", "id", "mine"));
        assertEquals(json("type", "subscribed", "room", "user:alice", "id", "mine"), alice.next());

        alice.send(json("type", "subscribe", "userId", "bob", "id", "theirs"));
        assertError(alice.next(), "forbidden", Json.createValue("theirs"), "alice subscribing to user bob");

        TestSocket unbound = gateway.connect("unbound", UNBOUND_ROOMS);
        unbound.send(json("type", "subscribe", "userId", "bob"));
        assertEquals(json("type", "subscribed", "room", "user:bob"), unbound.next(),
                "a key bound to no user may join any user room of its client");
    }

    private static final String NOT_ADMIN = KEYS.plain("acme", null, "publish");

    @Test
    void onlyAdminKeysMayJoinAllJobs() {
        TestSocket socket = gateway.connect("not admin", NOT_ADMIN);

        socket.send(json("type", "subscribe", "all", true, "id", "everything"));

        assertError(socket.next(), "forbidden", Json.createValue("everything"), "a non-admin key joining all-jobs");
    }

    private static final String UNSUBSCRIBER = KEYS.plain("acme", null);
    private static final String STAYS_SUBSCRIBED = KEYS.plain("acme", null);

    @Test
    void unsubscribingStopsTheEventsOfThatJob() {
        String job = newJobId("unsub");
        String other = newJobId("unsub-other");
        TestSocket socket = gateway.connect("unsubscriber", UNSUBSCRIBER);
        TestSocket stays = gateway.connect("stays subscribed", STAYS_SUBSCRIBED);
        subscribeToJob(socket, job);
        subscribeToJob(socket, other);
        subscribeToJob(stays, job);
        publish(ACME_PUBLISHER, job, json("type", "job.created"));
        assertEquals(1, seq(socket.nextEvent(job)));

        socket.send(json("type", "unsubscribe", "jobId", job, "id", "u"));
        JsonObject reply = socket.next();
        assertEquals("unsubscribed", reply.getString("type", null), reply.toString());
        assertEquals("job:" + job, reply.getString("room", null), reply.toString());
        assertEquals(Json.createValue("u"), reply.get("id"), reply.toString());

        publish(ACME_PUBLISHER, job, json("type", "job.started"));
        publish(ACME_PUBLISHER, other, json("type", "job.created"));
        socket.nextEvent(other);
        assertConsecutive("still subscribed", stays.nextEvents(job, 2, TestSocket.WAIT), 1);
        socket.expectNoEventOf(job);
    }

    private static final String MANY_ROOMS = KEYS.plain("acme", null);

    @Test
    void refusesASubscriptionPastTheMaximum() {
        String prefix = newJobId("room");
        TestSocket socket = gateway.connect("many rooms", MANY_ROOMS);
        for (int i = 1; i <= 100; i++) {
            socket.send(json("type", "subscribe", "jobId", prefix + "-" + i, "id", i));
        }
        for (int i = 1; i <= 100; i++) {
            JsonObject reply = socket.next();
            assertEquals("subscribed", reply.getString("type", null), "room #" + i + " of 100: " + reply);
        }

        socket.send(json("type", "subscribe", "jobId", prefix + "-101", "id", 101));
        assertError(socket.next(), "too_many_subscriptions", Json.createValue(101), "the 101st room");

        socket.send(json("type", "unsubscribe", "jobId", prefix + "-1"));
        assertEquals("unsubscribed", socket.next().getString("type", null));
        socket.send(json("type", "subscribe", "jobId", prefix + "-101", "id", "again"));
        assertEquals(json("type", "subscribed", "room", "job:" + prefix + "-101", "jobId", prefix + "-101", "id", "again"),
                socket.next(), "leaving a room makes place for another");
    }

    // ================================================================ errors (section 4)

    private static final String CLUMSY = KEYS.plain("acme", null);

    @Test
    void answersEveryMalformedRequestWithBadRequestAndStaysOpen() {
        String job = newJobId("bad");
        String long129 = "j".repeat(129);
        record Case(String what, String text, JsonValue id) {
        }
        List<Case> cases = List.of(
                new Case("not JSON", "hello", null),
                new Case("truncated JSON", "{\"type\":\"subscribe\",", null),
                new Case("an array", "[{\"type\":\"subscribe\"}]", null),
                new Case("a string", "\"subscribe\"", null),
                new Case("a number", "42", null),
                new Case("null", "null", null),
                new Case("no type", json("jobId", job, "id", "b1").toString(), Json.createValue("b1")),
                new Case("an unknown type", json("type", "dance", "id", "b2").toString(), Json.createValue("b2")),
                new Case("a type that is a number", json("type", 7, "id", "b3").toString(), Json.createValue("b3")),
                new Case("a jobId that is a number", json("type", "subscribe", "jobId", 42, "id", 4).toString(),
                        Json.createValue(4)),
                new Case("a since that is a string",
                        json("type", "subscribe", "jobId", job, "since", "3", "id", "b5").toString(), Json.createValue("b5")),
                new Case("an all that is a string", json("type", "subscribe", "all", "yes", "id", "b6").toString(),
                        Json.createValue("b6")),
                new Case("a userId that is a number", json("type", "subscribe", "userId", 7, "id", "b7").toString(),
                        Json.createValue("b7")),
                new Case("a limit that is a string",
                        json("type", "history", "jobId", job, "limit", "5", "id", "b8").toString(), Json.createValue("b8")),
                new Case("an unsubscribe jobId that is an array",
                        json("type", "unsubscribe", "jobId", Json.createArrayBuilder().add(job).build(), "id", "b9")
                                .toString(), Json.createValue("b9")),
                new Case("a history without jobId", json("type", "history", "id", "b10").toString(), Json.createValue("b10")),
                new Case("an empty jobId", json("type", "subscribe", "jobId", "", "id", "b11").toString(),
                        Json.createValue("b11")),
                new Case("a jobId of 129 characters", json("type", "subscribe", "jobId", long129, "id", "b12").toString(),
                        Json.createValue("b12")),
                new Case("a jobId with a space", json("type", "subscribe", "jobId", "job 1", "id", "b13").toString(),
                        Json.createValue("b13")),
                new Case("a jobId with a slash", json("type", "subscribe", "jobId", "job/1", "id", "b14").toString(),
                        Json.createValue("b14")),
                new Case("a jobId with a non-ASCII letter", json("type", "subscribe", "jobId", "jöb", "id", "b15").toString(),
                        Json.createValue("b15")),
                new Case("an empty userId", json("type", "subscribe", "userId", "", "id", "b16").toString(),
                        Json.createValue("b16")),
                new Case("a userId of 129 characters",
                        json("type", "subscribe", "userId", "u".repeat(129), "id", "b17").toString(), Json.createValue("b17")),
                new Case("a userId with '!'", json("type", "subscribe", "userId", "bob!", "id", "b18").toString(),
                        Json.createValue("b18")),
                new Case("a history jobId with a space", json("type", "history", "jobId", "a b", "id", "b19").toString(),
                        Json.createValue("b19")),
                new Case("an unsubscribe userId with '#'", json("type", "unsubscribe", "userId", "#", "id", "b20").toString(),
                        Json.createValue("b20")),
                new Case("an id that is neither string nor number",
                        json("type", "subscribe", "jobId", job, "id", true).toString(), null));
        TestSocket socket = gateway.connect("clumsy", CLUMSY);

        List<Executable> checks = new ArrayList<>();
        for (Case bad : cases) {
            socket.sendInvalid(bad.text());
            JsonObject reply = socket.next();
            checks.add(() -> assertError(reply, "bad_request", bad.id(), bad.what() + " (" + bad.text() + ")"));
        }
        assertAll("every malformed request is answered with bad_request", checks);

        String longest = "J".repeat(128);
        String everyAllowedCharacter = "Az09._:-" + newJobId("x");
        socket.send(json("type", "subscribe", "jobId", longest));
        assertEquals(json("type", "subscribed", "room", "job:" + longest, "jobId", longest), socket.next(),
                "128 characters is allowed; the connection must still be open");
        socket.send(json("type", "subscribe", "jobId", everyAllowedCharacter));
        assertEquals(json("type", "subscribed", "room", "job:" + everyAllowedCharacter, "jobId", everyAllowedCharacter),
                socket.next());
    }

    private static final String HASTY = KEYS.plain("acme", null);
    private static final String FLOODER = KEYS.plain("acme", null);

    @Test
    void answersRateLimitedPastTheRateAndClosesWith1008AtFiveTimesIt() throws InterruptedException {
        String job = newJobId("rate");
        TestSocket hasty = gateway.connect("hasty", HASTY);
        // 45 at once: even if a new second of the server's count began amid them, one second has more than 20.
        for (int i = 1; i <= 45; i++) {
            assertTrue(hasty.sendUnpaced(json("type", "subscribe", "jobId", job, "id", i).toString()), "send #" + i);
        }
        JsonObject limited = hasty.await("rate_limited error",
                message -> "error".equals(message.getString("type", null)));
        assertError(limited, "rate_limited", null, "more than 20 messages within a second");

        // Pacing, not waiting for an outcome: a new second must begin for the next request to be served.
        TimeUnit.MILLISECONDS.sleep(1100);
        hasty.send(json("type", "subscribe", "jobId", job, "id", "later"));
        hasty.await("the reply to a request a second later", message -> Json.createValue("later").equals(message.get("id")));
        assertFalse(hasty.isClosed(), "rate_limited does not close the connection");

        TestSocket flooder = gateway.connect("flooder", FLOODER);
        // Bursts of exactly 101, each waited out: a client still writing when the server's close
        // arrives gets a broken pipe, and the JDK client then drops the close frame it had not
        // read yet. A burst split over two of the server's seconds is followed by another, which
        // falls whole into a new second.
        int id = 0;
        for (int burst = 1; burst <= 3 && !flooder.isClosed(); burst++) {
            for (int i = 0; i < 101; i++) {
                if (!flooder.sendUnpaced(json("type", "subscribe", "jobId", job, "id", ++id).toString())) {
                    break;
                }
            }
            flooder.awaitClosedWithin(Duration.ofMillis(1100));
        }
        assertEquals(1008, flooder.awaitClose(), "more than 100 messages within a second close the connection");
    }

    private static final String BIG_TALKER = KEYS.plain("acme", null);

    @Test
    void closesWith1009OnAFrameOverTheLimit() {
        String job = newJobId("frame");
        TestSocket socket = gateway.connect("big talker", BIG_TALKER);
        String head = "{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"id\":\"";
        String tail = "\"}";
        String idAtLimit = "x".repeat(8192 - head.length() - tail.length());
        String atLimit = head + idAtLimit + tail;
        assertEquals(8192, atLimit.getBytes(StandardCharsets.UTF_8).length);

        socket.send(atLimit);
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "id", idAtLimit), socket.next(),
                "a frame of exactly 8192 bytes is allowed");

        socket.send(head + idAtLimit + "y" + tail);
        assertEquals(1009, socket.awaitClose(), "a frame of 8193 bytes");
    }

    private static final String BINARY_TALKER = KEYS.plain("acme", null);

    @Test
    void closesWith1003OnABinaryFrame() {
        TestSocket socket = gateway.connect("binary talker", BINARY_TALKER);

        socket.sendBinary(json("type", "subscribe").toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(1003, socket.awaitClose());
    }

    // ================================================================ heartbeat (section 5)

    private static final String PINGED = KEYS.plain("acme", null);

    @Test
    void sendsAPingEveryHeartbeatInterval() {
        TestSocket socket = gateway.connect("pinged", PINGED);

        List<TestSocket.Received> pings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pings.add(socket.nextPing(Duration.ofSeconds(3)));
        }

        for (TestSocket.Received ping : pings) {
            assertFields(ping.message(), Set.of("type", "timestamp"), Set.of());
            isoInstant(ping.message(), "timestamp");
        }
        long meanMillis = TimeUnit.NANOSECONDS.toMillis(pings.get(4).nanoTime() - pings.get(0).nanoTime()) / 4;
        assertTrue(meanMillis >= 300 && meanMillis <= 900, "pings every " + meanMillis + " ms, expected about 500");
    }

    private static final String PONGING = KEYS.plain("acme", null);

    @Test
    void aClientAnsweringPingsStaysConnectedPastSeveralTimeouts() {
        TestSocket socket = gateway.connect("ponging", PONGING);

        socket.expectOpenFor(Duration.ofMillis(6500));

        socket.send(json("type", "subscribe", "id", "still here"));
        assertEquals(json("type", "subscribed", "room", "client:acme", "id", "still here"), socket.next());
    }

    private static final String SILENT = KEYS.plain("acme", null);
    private static final String CHATTY = KEYS.plain("acme", null);

    @Test
    void closesAClientSilentPastTheTimeoutWith4408() throws InterruptedException {
        TestSocket silent = gateway.connect("silent", Auth.bearer(SILENT)).socket().silent();
        TestSocket chatty = gateway.connect("chatty, no pongs", Auth.bearer(CHATTY)).socket().silent();

        for (int i = 0; i < 6; i++) {
            chatty.send(json("type", "subscribe", "id", i));
            chatty.nextOfType("subscribed");
            // Pacing, not waiting for an outcome: a request every half second, for three seconds.
            TimeUnit.MILLISECONDS.sleep(500);
        }

        assertEquals(4408, silent.awaitClose(Duration.ofSeconds(8)));
        assertTrue(silent.millisOpen() >= 1800, "closed after " + silent.millisOpen() + " ms, the timeout is 2000 ms");
        long pings = silent.received().stream().filter(message -> "ping".equals(message.getString("type", null))).count();
        assertTrue(pings >= 2, "the server pings a silent client too; got " + pings);
        assertFalse(chatty.isClosed(), "any message, not only a pong, shows the client is alive");
    }

    // ================================================================ delivery (section 5)

    private static final String JOB_WATCHER = KEYS.plain("acme", null);

    @Test
    void eventsReachTheJobRoom() {
        String job = newJobId("job-room");
        TestSocket socket = gateway.connect("job watcher", JOB_WATCHER);
        subscribeToJob(socket, job);
        JsonObject data = json("progress", 50, "message", "Executing action 2 of 4: click", "step", "click");

        JsonObject accepted = publish(ACME_PUBLISHER, job, json("type", "job.progress", "userId", "alice", "data", data));
        assertEquals(json("jobId", job, "seq", 1), accepted);
        publish(ACME_PUBLISHER, job, json("type", "job.completed"));

        JsonObject event = socket.nextEvent(job);
        assertFields(event, Set.of("type", "jobId", "seq", "epoch", "status", "timestamp", "clientId", "userId", "data"), Set.of());
        assertEquals("job.progress", event.getString("type"));
        assertEquals(1, seq(event));
        assertEquals("processing", event.getString("status"));
        assertEquals("acme", event.getString("clientId"));
        assertEquals("alice", event.getString("userId"));
        assertEquals(data, event.getJsonObject("data"));
        isoInstant(event, "timestamp");
        JsonObject next = socket.nextEvent(job);
        assertEquals("job.completed", next.getString("type"));
        assertEquals(2, seq(next));
        assertEquals(List.of(event, next), objects(getHistory(job, "", ACME_PUBLISHER).getJsonArray("events")),
                "history keeps the events as they were sent");
    }

    private static final String CLIENT_WATCHER = KEYS.plain("acme", null);

    @Test
    void eventsReachTheClientRoom() {
        String job = newJobId("client-room");
        TestSocket socket = gateway.connect("client watcher", CLIENT_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        publish(ACME_PUBLISHER, job, json("type", "job.created"));

        JsonObject event = socket.nextEvent(job);
        assertEquals("job.created", event.getString("type"));
        assertEquals("acme", event.getString("clientId"));
        assertEquals(1, seq(event));
    }

    private static final String ALICE_WATCHER = KEYS.plain("acme", "alice");
    private static final String BOB_WATCHER = KEYS.plain("acme", null);

    @Test
    void eventsReachTheUserRoomOfTheirUserOnly() {
        String alicesJob = newJobId("alices");
        String bobsJob = newJobId("bobs");
        TestSocket alice = gateway.connect("alice watcher", ALICE_WATCHER);
        TestSocket bob = gateway.connect("bob watcher", BOB_WATCHER);
        subscribe(alice, json("type", "subscribe", "userId", "alice"), "user:alice");
        subscribe(bob, json("type", "subscribe", "userId", "bob"), "user:bob");

        publish(ACME_PUBLISHER, alicesJob, json("type", "job.created", "userId", "alice"));
        publish(ACME_PUBLISHER, bobsJob, json("type", "job.created", "userId", "bob"));

        assertEquals("alice", alice.nextEvent(alicesJob).getString("userId"));
        assertEquals("bob", bob.nextEvent(bobsJob).getString("userId"));
        alice.expectNoEventOf(bobsJob);
        bob.expectNoEventOf(alicesJob);
    }

    private static final String IN_EVERY_ROOM = KEYS.plain("acme", "alice");
    private static final String IN_CLIENT_AND_USER_ROOMS = KEYS.plain("acme", "alice");

    @Test
    void aConnectionInSeveralMatchingRoomsGetsEachEventOnce() {
        String job = newJobId("once");
        TestSocket everyRoom = gateway.connect("in job, client and user rooms", IN_EVERY_ROOM);
        subscribeToJob(everyRoom, job);
        subscribe(everyRoom, json("type", "subscribe"), "client:acme");
        subscribe(everyRoom, json("type", "subscribe", "userId", "alice"), "user:alice");
        TestSocket twoRooms = gateway.connect("in client and user rooms", IN_CLIENT_AND_USER_ROOMS);
        subscribe(twoRooms, json("type", "subscribe"), "client:acme");
        subscribe(twoRooms, json("type", "subscribe", "userId", "alice"), "user:alice");

        publish(ACME_PUBLISHER, job, json("type", "job.created", "userId", "alice"));
        publish(ACME_PUBLISHER, job, json("type", "job.started", "userId", "alice"));

        for (TestSocket socket : List.of(everyRoom, twoRooms)) {
            assertEquals(1, seq(socket.nextEvent(job)), socket.name());
            assertEquals(2, seq(socket.nextEvent(job)), socket.name() + ": the second event, not a copy of the first");
            socket.expectNoEventOf(job);
        }
    }

    private static final String GLOBEX_SPY = KEYS.plain("globex", null);
    private static final String ADMIN_WATCHER = KEYS.hashed("ops", null, "admin", "publish");

    @Test
    void anotherClientNeverSeesAJobButAdminsDo() {
        String job = newJobId("isolated");
        String globexJob = newJobId("globex-own");
        TestSocket spy = gateway.connect("globex spy", GLOBEX_SPY);
        spy.send(json("type", "subscribe", "jobId", job));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job), spy.next(),
                "another client's job is answered like any other");
        subscribe(spy, json("type", "subscribe"), "client:globex");
        subscribe(spy, json("type", "subscribe", "userId", "alice"), "user:alice");
        Connected adminInJob = gateway.connect("admin in job room", Auth.bearer(ADMIN_WATCHER));
        assertEquals("ops", adminInJob.hello().getString("clientId"));
        subscribeToJob(adminInJob.socket(), job);
        TestSocket adminInAll = gateway.connect("admin in all-jobs", ADMIN_WATCHER);
        adminInAll.send(json("type", "subscribe", "all", true, "id", "all"));
        assertEquals(json("type", "subscribed", "room", "all-jobs", "id", "all"), adminInAll.next());

        publish(ACME_PUBLISHER, job, json("type", "job.created", "userId", "alice"));
        publish(GLOBEX_PUBLISHER, globexJob, json("type", "job.created", "userId", "alice"));

        assertEquals("acme", adminInJob.socket().nextEvent(job).getString("clientId"));
        assertEquals("acme", adminInAll.nextEvent(job).getString("clientId"));
        assertEquals("globex", adminInAll.nextEvent(globexJob).getString("clientId"));
        assertEquals("globex", spy.nextEvent(globexJob).getString("clientId"), "its own client's job does reach it");
        spy.expectNoEventOf(job);
    }

    private static final String ALICE_PERSON = KEYS.plain("acme", "alice", "publish");
    private static final String BOB_PERSON = KEYS.plain("acme", "bob", "publish");

    @Test
    void aUserBoundKeySeesNoOtherUsersJobInAnyRoomNorItsHistory() {
        // alice's own key publishes: the event is hers without naming her
        String alicesJob = UserIsolation.aliceAloneGetsHerJob(gateway, "acme", Auth.bearer(ALICE_PERSON),
                Auth.bearer(BOB_PERSON), job -> publish(ALICE_PERSON, job, json("type", "job.created")));
        assertEquals(404, gateway.get(historyOf(alicesJob), Auth.bearer(BOB_PERSON)).statusCode(),
                "another user's job over HTTP, as another client's");
        assertEquals(1, getHistory(alicesJob, "", ALICE_PERSON).getJsonArray("events").size());

        String nobodysJob = newJobId("nobodys");
        TestSocket bob = gateway.connect("bob in the client room", BOB_PERSON);
        subscribe(bob, json("type", "subscribe"), "client:acme");
        publish(ACME_PUBLISHER, nobodysJob, json("type", "job.created"));
        assertEquals(1, seq(bob.nextEvent(nobodysJob)), "a job of no user is the whole client's");
    }

    private static final String ALICE_MESSAGER = KEYS.plain("acme", "alice", "publish");
    private static final String ALICE_LISTENER = KEYS.plain("acme", "alice");
    private static final String BOB_LISTENER = KEYS.plain("acme", "bob");

    @Test
    void aUserBoundKeyMessagesOnlyItsOwnUser() {
        TestSocket alice = gateway.connect("alice", ALICE_LISTENER);
        TestSocket bob = gateway.connect("bob", BOB_LISTENER);
        String toSelf = newJobId("to-self");

        assertEquals(403, gateway.post("messages", Auth.bearer(ALICE_MESSAGER),
                json("event", "to-bob", "userId", "bob").toString()).statusCode());
        assertEquals(202, gateway.post("messages", Auth.bearer(ALICE_MESSAGER),
                json("event", toSelf).toString()).statusCode());

        nextMessage(alice, toSelf);
        bob.expectNo("alice's own message", isMessage(toSelf), TestSocket.QUIET);
    }

    // ================================================================ CDI events

    private static final String COMMIT_WATCHER = KEYS.plain("acme", null);

    @Test
    void anEventFiredInATransactionGoesOutOnlyAfterItCommits() {
        String job = newJobId("commit");
        TestSocket socket = gateway.connect("commit watcher", COMMIT_WATCHER);
        subscribeToJob(socket, job);

        CompletableFuture<HttpResponse<String>> committing =
                gateway.postAsync("test-jobs/" + job + "/commit?clientId=acme&holdMillis=1500", Auth.bearer(ADMIN), "");
        socket.expectNo("event before the transaction commits", message -> TestSocket.isEventOf(job, message),
                Duration.ofMillis(900));
        assertEquals(204, committing.join().statusCode(), committing.join().body());

        JsonObject event = socket.nextEvent(job);
        assertEquals("job.created", event.getString("type"));
        assertEquals("pending", event.getString("status"));
        assertEquals("acme", event.getString("clientId"));
        assertEquals(1, seq(event));
        isoInstant(event.getJsonObject("data"), "createdAt");
    }

    private static final String ROLLBACK_WATCHER = KEYS.plain("acme", null);

    @Test
    void anEventFiredInARolledBackTransactionNeverGoesOut() {
        String job = newJobId("rollback");
        TestSocket socket = gateway.connect("rollback watcher", ROLLBACK_WATCHER);
        subscribeToJob(socket, job);

        assertEquals(204, gateway.post("test-jobs/" + job + "/rollback?clientId=acme", Auth.bearer(ADMIN), "").statusCode());
        assertEquals(204, gateway.post("test-jobs/" + job + "/commit?clientId=acme", Auth.bearer(ADMIN), "").statusCode());

        JsonObject event = socket.nextEvent(job);
        assertEquals(1, seq(event), "the committed event is the job's first: " + event);
        socket.expectNoEventOf(job);
        JsonArray history = Gateway.json(gateway.get("jobs/" + job + "/history", Auth.bearer(ACME_PUBLISHER)))
                .getJsonArray("events");
        assertEquals(1, history.size(), "history of a job whose first event rolled back: " + history);
    }

    // ================================================================ order, seq, recovery

    private static final String BURST_WATCHER_A = KEYS.plain("acme", null);
    private static final String BURST_WATCHER_B = KEYS.plain("acme", "alice");

    @Test
    void aBurstOfEventsArrivesInSeqOrderExactlyOnce() {
        String job = newJobId("burst");
        TestSocket first = gateway.connect("burst watcher A", BURST_WATCHER_A);
        TestSocket second = gateway.connect("burst watcher B", BURST_WATCHER_B);
        subscribeToJob(first, job);
        subscribe(second, json("type", "subscribe", "userId", "alice"), "user:alice");
        subscribeToJob(second, job);

        burst(job, "alice", 500, 0, 0);

        for (TestSocket socket : List.of(first, second)) {
            List<JsonObject> events = socket.nextEvents(job, 500, Duration.ofSeconds(30));
            assertConsecutive(socket.name(), events, 1);
            for (JsonObject event : events) {
                assertEquals(seq(event), event.getJsonObject("data").getInt("n"),
                        socket.name() + ": seq follows the order the events were fired in: " + event);
            }
            socket.expectNoEventOf(job);
        }
    }

    private static final String RECOVERING = KEYS.plain("acme", null);

    @Test
    void subscribingSinceReplaysTheMissedEventsBeforeLiveOnes() {
        String job = newJobId("since");
        burst(job, null, 20, 0, 0);
        TestSocket socket = gateway.connect("recovering", RECOVERING);

        String epoch = epochOf(job);
        socket.send(json("type", "subscribe", "jobId", job, "since", 15, "id", "r"));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", true, "epoch", epoch,
                "id", "r"), socket.next());
        assertConsecutive("replay after 15", socket.nextEvents(job, 5, TestSocket.WAIT), 16);

        socket.send(json("type", "subscribe", "jobId", job, "since", 20));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", true, "epoch", epoch),
                socket.next(), "since the latest seq: nothing is missing");
        publish(ACME_PUBLISHER, job, json("type", "job.completed"));
        assertEquals(21, seq(socket.nextEvent(job)), "the live event comes next, and only once");
        socket.expectNoEventOf(job);
    }

    private static final String LIVE_WATCHER = KEYS.plain("acme", null);
    private static final String LATE_JOINER = KEYS.plain("acme", null);

    @Test
    void replayAndLiveEventsMeetWithoutGapOrDuplicate() {
        String job = newJobId("since-live");
        TestSocket watcher = gateway.connect("live watcher", LIVE_WATCHER);
        TestSocket late = gateway.connect("late joiner", LATE_JOINER);
        subscribeToJob(watcher, job);
        burst(job, null, 20, 0, 0);
        assertConsecutive("watcher", watcher.nextEvents(job, 20, TestSocket.WAIT), 1);

        CompletableFuture<HttpResponse<String>> publishing = burstAsync(job, null, 200, 0, 2);
        assertConsecutive("watcher", watcher.nextEvents(job, 5, TestSocket.WAIT), 21);
        late.send(json("type", "subscribe", "jobId", job, "since", 10));

        JsonObject reply = late.next();
        assertEquals("subscribed", reply.getString("type", null), "the reply comes before any event: " + reply);
        assertEquals("job:" + job, reply.getString("room", null), reply.toString());
        boolean recovered = reply.getBoolean("recovered");
        JsonObject firstEvent = late.nextEvent(job);
        long first = seq(firstEvent);
        if (recovered) {
            assertEquals(11, first, "recovered:true, so the replay starts right after since=10");
        } else {
            assertTrue(first > 11, "recovered:false yet the replay starts at " + first);
        }
        List<JsonObject> rest = late.nextEvents(job, (int) (220 - first), Duration.ofSeconds(20));
        rest.add(0, firstEvent);
        assertConsecutive("late joiner (recovered:" + recovered + ")", rest, first);
        late.expectNoEventOf(job);
        assertEquals(204, publishing.join().statusCode());
        assertConsecutive("watcher", watcher.nextEvents(job, 195, Duration.ofSeconds(20)), 26);
    }

    private static final String TOO_LATE = KEYS.plain("acme", null);

    @Test
    void subscribingSinceATrimmedEventIsNotRecovered() {
        String job = newJobId("trimmed");
        burst(job, null, 150, 0, 0);
        TestSocket socket = gateway.connect("too late", TOO_LATE);

        socket.send(json("type", "subscribe", "jobId", job, "since", 10));

        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", false,
                "epoch", epochOf(job)), socket.next());
        assertConsecutive("the 100 events still stored", socket.nextEvents(job, 100, Duration.ofSeconds(10)), 51);
        socket.expectNoEventOf(job);
    }

    private static final String RESUMING = KEYS.plain("acme", null);

    @Test
    void aPositionAboveTheJobsSeqIsNotRecoveredAndSkipsNothingThatFollows() {
        String job = newJobId("above");
        TestSocket socket = gateway.connect("resuming a stream that is gone", RESUMING);

        socket.send(json("type", "subscribe", "jobId", job, "since", 57));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", false), socket.next(),
                "a job with no stored event is at seq 0, and has no epoch yet");
        for (int i = 0; i < 3; i++) {
            publish(ACME_PUBLISHER, job, json("type", "job.progress", "data", json("progress", i)));
        }

        assertConsecutive("the new stream, from its start", socket.nextEvents(job, 3, TestSocket.WAIT), 1);
        socket.expectNoEventOf(job);
    }

    private static final String OTHER_STREAM = KEYS.plain("acme", null);

    @Test
    void aPositionInAnotherEpochGetsTheWholeCurrentStream() {
        String job = newJobId("other-epoch");
        burst(job, null, 5, 0, 0);
        String epoch = epochOf(job);
        List<JsonObject> history = objects(getHistory(job, "", ACME_PUBLISHER).getJsonArray("events"));
        assertTrue(history.stream().allMatch(event -> epoch.equals(event.getString("epoch"))),
                "every event of a job carries its epoch: " + history);
        TestSocket socket = gateway.connect("from an epoch that is gone", OTHER_STREAM);

        socket.send(json("type", "subscribe", "jobId", job, "since", 3, "epoch", "gone0000"));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", false, "epoch", epoch),
                socket.next());
        assertConsecutive("the current stream, whole", socket.nextEvents(job, 5, TestSocket.WAIT), 1);

        socket.send(json("type", "subscribe", "jobId", job, "since", 3, "epoch", epoch));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", true, "epoch", epoch),
                socket.next(), "the right epoch resumes as before");
    }

    private String epochOf(String jobId) {
        return getHistory(jobId, "?limit=1", ACME_PUBLISHER).getJsonArray("events").getJsonObject(0).getString("epoch");
    }

    private static final String HISTORIAN = KEYS.plain("acme", null);
    private static final String GLOBEX_HISTORIAN = KEYS.plain("globex", null);

    @Test
    void historyReturnsTheLastStoredEventsOldestFirst() {
        String job = newJobId("history");
        burst(job, null, 150, 0, 0);
        TestSocket socket = gateway.connect("historian", HISTORIAN);

        socket.send(json("type", "history", "jobId", job, "id", "h"));
        JsonObject all = socket.next();
        assertFields(all, Set.of("type", "jobId", "events"), Set.of("id"));
        assertEquals("history", all.getString("type"));
        assertEquals(job, all.getString("jobId"));
        assertEquals(Json.createValue("h"), all.get("id"));
        List<JsonObject> events = objects(all.getJsonArray("events"));
        assertEquals(100, events.size(), "the default limit is 100");
        assertConsecutive("history", events, 51);
        assertEquals("job.updated", events.get(0).getString("type"));
        assertEquals(job, events.get(0).getString("jobId"));
        assertEquals("acme", events.get(0).getString("clientId"));

        socket.send(json("type", "history", "jobId", job, "limit", 5));
        assertConsecutive("history limit 5", objects(socket.nextOfType("history").getJsonArray("events")), 146);

        socket.send(json("type", "history", "jobId", newJobId("unknown")));
        assertEquals(List.of(), objects(socket.nextOfType("history").getJsonArray("events")), "an unknown job");

        TestSocket globex = gateway.connect("globex historian", GLOBEX_HISTORIAN);
        globex.send(json("type", "history", "jobId", job));
        JsonObject theirs = globex.next();
        assertEquals(json("type", "history", "jobId", job, "events", JsonValue.EMPTY_JSON_ARRAY), theirs,
                "another client's job has no history for it");
    }

    // ================================================================ slow readers

    private static final String SLOW_READER = KEYS.plain("acme", null);
    private static final String FAST_READER = KEYS.plain("acme", null);

    @Test
    void aSlowReaderIsClosedWith1013WhileOthersGetEveryEvent() {
        int count = 2500;
        String job = newJobId("slow");
        TestSocket slow = gateway.connect("slow reader", SLOW_READER);
        TestSocket fast = gateway.connect("fast reader", FAST_READER);
        subscribeToJob(slow, job);
        subscribeToJob(fast, job);

        slow.pauseReading();
        // Paced (about 15 MB/s), so that a reader that keeps reading keeps up: an unpaced 40 MB burst
        // overflows even a fast reader where the server's queue is really bounded (Undertow), and
        // passed on Payara only because Grizzly buffers without bound behind our queue.
        CompletableFuture<HttpResponse<String>> publishing = burstAsync(job, null, count, 16_000, 1);

        List<JsonObject> everything = fast.nextEvents(job, count, LONG_WAIT);
        assertConsecutive("fast reader", everything, 1);
        assertEquals(204, publishing.join().statusCode(), publishing.join().body());

        slow.resumeReading();
        assertEquals(1013, slow.awaitClose(LONG_WAIT), "the slow reader, once it reads again");
        List<JsonObject> slowEvents = slow.received().stream()
                .filter(message -> TestSocket.isEventOf(job, message)).collect(Collectors.toList());
        assertTrue(slowEvents.size() < count, "the slow reader cannot have received all " + count + " events");
        assertConsecutive("what the slow reader got before its close", slowEvents, 1);
        assertFalse(fast.isClosed(), "the fast reader stays connected");
    }

    private static final String STALLED = KEYS.plain("acme", null);

    @Test
    void aReaderThatStopsReadingSmallEventsIsHeldToTheQueueLimitNotToWhatTheContainerBuffers() {
        int count = 3000; // small frames: far past the 1000 queued messages, well inside the container's buffers
        String job = newJobId("stalled");
        TestSocket stalled = gateway.connect("stalled reader", STALLED);
        subscribeToJob(stalled, job);
        stalled.pauseReading();
        burst(job, null, count, 0, 0);

        stalled.resumeReading();
        assertEquals(1013, stalled.awaitClose(LONG_WAIT),
                "past jobs.max-queued-messages unread: Grizzly's write queue must not hide them from the limit");
        long got = stalled.received().stream().filter(message -> TestSocket.isEventOf(job, message)).count();
        assertTrue(got < count, "closed before all " + count + " arrived: got " + got);
    }

    private static final String BEHIND = KEYS.plain("acme", null);
    private static final String PROGRESS_PUBLISHER = KEYS.plain("acme", null, "publish");

    @Test
    void aReaderThatFallsBehindGetsTheLatestProgressNotAClose() throws InterruptedException {
        int count = 500;
        String job = newJobId("latest-wins");
        TestSocket behind = gateway.connect("falls behind", BEHIND);
        subscribeToJob(behind, job);
        behind.pauseReading();
        String pad = "p".repeat(60_000); // large, so that the socket's buffers fill and the outbox holds the rest
        for (int i = 1; i <= count; i++) {
            publish(PROGRESS_PUBLISHER, job, json("type", "job.progress", "data", json("progress", i * 100 / count, "pad", pad)));
            Thread.sleep(4); // under the deployment's 200 requests a second per key
        }

        behind.resumeReading();
        behind.await("the last progress", m -> TestSocket.isEventOf(job, m) && seq(m) == count, LONG_WAIT);
        List<JsonObject> got = behind.received().stream().filter(m -> TestSocket.isEventOf(job, m)).toList();
        assertFalse(behind.isClosed(), "latest-wins, not 1013, while only progress waits");
        int accountedFor = 0;
        long lastSeq = 0;
        for (JsonObject event : got) {
            assertTrue(seq(event) > lastSeq, "in seq order: " + seq(event) + " after " + lastSeq);
            lastSeq = seq(event);
            accountedFor += 1 + event.getInt("replaced", 0);
        }
        assertEquals(count, accountedFor, "the replaced counts add up to the gaps");
        assertTrue(got.size() < count, "some progress was replaced while the reader was behind: got " + got.size());
    }

    // ================================================================ HTTP: publishing (section 6)

    @Test
    void publishingAnswers202WithTheSeq() {
        String job = newJobId("http-publish");

        HttpResponse<String> first = gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER), "{\"type\":\"job.created\"}");
        HttpResponse<String> second = gateway.post(eventsOf(job), Auth.apiKeyHeader(ACME_PUBLISHER),
                "{\"type\":\"job.started\"}");

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(json("jobId", job, "seq", 1), Gateway.json(first));
        assertEquals(202, second.statusCode(), second.body());
        assertEquals(json("jobId", job, "seq", 2), Gateway.json(second), "the key given as X-API-Key");
    }

    @Test
    void publishingNeedsAValidKeyWithPublishScope() {
        String job = newJobId("http-auth");
        String body = "{\"type\":\"job.created\"}";

        assertAll(
                () -> assertEquals(401, gateway.post(eventsOf(job), Auth.none(), body).statusCode(), "no key"),
                () -> assertEquals(401, gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER + "x"), body).statusCode(),
                        "an invalid bearer key"),
                () -> assertEquals(401, gateway.post(eventsOf(job), Auth.apiKeyHeader("nope"), body).statusCode(),
                        "an invalid X-API-Key"),
                () -> assertEquals(403, gateway.post(eventsOf(job), Auth.bearer(ACME_WITHOUT_PUBLISH), body).statusCode(),
                        "a key without publish scope"));
    }

    private static final String GLOBEX_CLIENT_WATCHER = KEYS.plain("globex", null);

    @Test
    void publishingForAnotherClientNeedsAdmin() {
        String job = newJobId("for-globex");
        TestSocket globex = gateway.connect("globex client watcher", GLOBEX_CLIENT_WATCHER);
        subscribe(globex, json("type", "subscribe"), "client:globex");

        HttpResponse<String> notAdmin = gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER),
                json("type", "job.created", "clientId", "globex").toString());
        assertEquals(403, notAdmin.statusCode(), notAdmin.body());

        publish(ADMIN, job, json("type", "job.created", "clientId", "globex"));
        JsonObject event = globex.nextEvent(job);
        assertEquals("globex", event.getString("clientId"), "the admin published the job for globex");
        assertEquals(1, seq(event), "the refused request took no seq");
    }

    @Test
    void theFirstEventFixesTheJobsOwner() {
        String job = newJobId("owned");
        publish(ACME_PUBLISHER, job, json("type", "job.created"));

        HttpResponse<String> intruder = gateway.post(eventsOf(job), Auth.bearer(GLOBEX_PUBLISHER), "{\"type\":\"job.failed\"}");

        assertEquals(403, intruder.statusCode(), intruder.body());
        assertEquals(json("jobId", job, "seq", 2), publish(ACME_PUBLISHER, job, json("type", "job.started")),
                "the refused event took no seq");
    }

    @Test
    void publishingAMalformedBodyAnswers400() {
        String job = newJobId("http-bad");
        List<String> bodies = List.of(
                "not json",
                "{\"type\":\"job.created\"",
                "[{\"type\":\"job.created\"}]",
                "{}",
                "{\"type\":\"job.dance\"}",
                "{\"type\":7}",
                "{\"type\":\"job.progress\",\"data\":\"fifty\"}",
                "{\"type\":\"job.progress\",\"data\":[50]}",
                "{\"type\":\"job.progress\",\"status\":5}",
                "{\"type\":\"job.progress\",\"userId\":5}",
                "{\"type\":\"job.progress\",\"userId\":\"bad user\"}",
                "{\"type\":\"job.progress\",\"clientId\":5}");

        List<Executable> checks = new ArrayList<>();
        for (String body : bodies) {
            HttpResponse<String> response = gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER), body);
            checks.add(() -> {
                assertEquals(400, response.statusCode(), body + " answered " + response.body());
                JsonObject error = Gateway.json(response);
                assertEquals("bad_request", error.getString("error", null), body + " answered " + error);
                assertEquals(JsonValue.ValueType.STRING, error.get("message") == null ? null
                        : error.get("message").getValueType(), body + ": a message for people in " + error);
            });
        }
        assertAll("malformed bodies", checks);
        assertEquals(json("jobId", job, "seq", 1), publish(ACME_PUBLISHER, job, json("type", "job.created")),
                "no malformed body took a seq");
    }

    private static final String DEFAULTS_WATCHER = KEYS.plain("acme", null);

    @Test
    void publishingDefaultsDataToEmptyAndStatusToTheTypes() {
        String job = newJobId("defaults");
        String failing = newJobId("defaults-failed");
        TestSocket socket = gateway.connect("defaults watcher", DEFAULTS_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        publish(ACME_PUBLISHER, job, json("type", "job.created"));
        publish(ACME_PUBLISHER, job, json("type", "job.started"));
        publish(ACME_PUBLISHER, job, json("type", "job.progress"));
        publish(ACME_PUBLISHER, job, json("type", "job.updated", "status", "paused", "data", json("reason", "quota")));
        publish(ACME_PUBLISHER, job, json("type", "job.completed"));
        publish(ACME_PUBLISHER, failing, json("type", "job.failed", "userId", "bob"));

        List<String> expected = List.of(
                "job.created pending {}", "job.started processing {}", "job.progress processing {}",
                "job.updated paused {\"reason\":\"quota\"}", "job.completed completed {}");
        List<String> actual = socket.nextEvents(job, 5, TestSocket.WAIT).stream()
                .map(event -> event.getString("type") + " " + event.getString("status") + " " + event.getJsonObject("data"))
                .collect(Collectors.toList());
        assertEquals(expected, actual);
        JsonObject failed = socket.nextEvent(failing);
        assertEquals("failed", failed.getString("status"));
        assertEquals("bob", failed.getString("userId"));
        assertEquals("acme", failed.getString("clientId"), "clientId defaults to the key's client");
    }

    // ================================================================ HTTP: messages

    private static final String MSG_ALICE = KEYS.plain("acme", "alice");
    private static final String MSG_BOB = KEYS.plain("acme", "bob");
    private static final String MSG_ACME = KEYS.plain("acme", null);
    private static final String MSG_GLOBEX = KEYS.plain("globex", null);

    @Test
    void messagesReachTheClientsConnectionsOrOneUsersOrEveryoneForAnAdmin() {
        TestSocket alice = gateway.connect("alice", MSG_ALICE);
        TestSocket bob = gateway.connect("bob", MSG_BOB);
        TestSocket acme = gateway.connect("acme, no user", MSG_ACME);
        TestSocket globex = gateway.connect("globex", MSG_GLOBEX);
        String toClient = newJobId("to-client");
        String toAlice = newJobId("to-alice");
        String toEveryone = newJobId("to-everyone");

        assertEquals(202, gateway.post("messages", Auth.bearer(ACME_PUBLISHER),
                json("event", toClient, "data", json("x", 1)).toString()).statusCode());
        assertEquals(202, gateway.post("messages", Auth.bearer(ACME_PUBLISHER),
                json("event", toAlice, "userId", "alice").toString()).statusCode());
        assertEquals(202, gateway.post("messages", Auth.bearer(ADMIN),
                json("event", toEveryone, "data", json("y", 2)).toString()).statusCode());

        for (TestSocket socket : List.of(alice, bob, acme)) {
            JsonObject message = nextMessage(socket, toClient);
            assertFields(message, Set.of("type", "event", "data", "timestamp"), Set.of());
            assertEquals(json("x", 1), message.getJsonObject("data"));
            isoInstant(message, "timestamp");
        }
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, nextMessage(alice, toAlice).getJsonObject("data"),
                "data defaults to {}");
        for (TestSocket socket : List.of(alice, bob, acme, globex)) {
            assertEquals(json("y", 2), nextMessage(socket, toEveryone).getJsonObject("data"), socket.name());
        }
        globex.expectNo("acme's message", isMessage(toClient), TestSocket.QUIET);
        for (TestSocket socket : List.of(bob, acme, globex)) {
            socket.expectNo("alice's message", isMessage(toAlice), Duration.ofMillis(100));
        }
    }

    @Test
    void messagesNeedAValidKeyWithPublishScope() {
        String body = json("event", "nope").toString();

        assertEquals(401, gateway.post("messages", Auth.none(), body).statusCode());
        assertEquals(403, gateway.post("messages", Auth.bearer(ACME_WITHOUT_PUBLISH), body).statusCode());
    }

    // ================================================================ HTTP: input limits (v1.1)

    @Test
    void aBodyIsAuthenticatedFirstThenHeldToMaxEventBytes() {
        String job = newJobId("too-large");
        String big = json("type", "job.progress", "data", json("x", "a".repeat(100_000))).toString();

        assertEquals(401, gateway.post(eventsOf(job), Auth.none(), big).statusCode(), "no key: 401, body unread");
        HttpResponse<String> tooLarge = gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER), big);
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals("too_large", Gateway.json(tooLarge).getString("error"));
        // Under the limit as a body, over it as the stored event (seq, epoch and owner added).
        String justUnder = json("type", "job.progress", "data", json("x", "a".repeat(65_400))).toString();
        assertTrue(justUnder.length() < 65_536, "the body itself fits: " + justUnder.length());
        assertEquals(413, gateway.post(eventsOf(job), Auth.bearer(ACME_PUBLISHER), justUnder).statusCode());
        assertEquals(413, gateway.post("messages", Auth.bearer(ACME_PUBLISHER), big).statusCode());
        assertEquals(404, gateway.get(historyOf(job), Auth.bearer(ACME_PUBLISHER)).statusCode(), "nothing was stored");
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIs415AndNoneIsTakenAsJson() {
        String job = newJobId("content-type");
        String body = json("type", "job.created").toString();

        assertEquals(415, gateway.postAs(eventsOf(job), Auth.bearer(ACME_PUBLISHER), "text/plain", body).statusCode());
        assertEquals(415, gateway.postAs("messages", Auth.bearer(ACME_PUBLISHER), "application/xml",
                json("event", "e").toString()).statusCode());
        assertEquals(202, gateway.postAs(eventsOf(job), Auth.bearer(ACME_PUBLISHER), "application/json; charset=utf-8",
                body).statusCode());
        assertEquals(202, gateway.postAs(eventsOf(job), Auth.bearer(ACME_PUBLISHER), null,
                json("type", "job.started").toString()).statusCode(), "no Content-Type is taken as JSON");
    }

    private static final String RETRYING = KEYS.plain("acme", null, "publish");
    private static final String ALSO_RETRYING = KEYS.plain("acme", null, "publish");

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndStoresNothingAgain() {
        String job = newJobId("idempotent");
        String body = json("type", "job.progress", "data", json("progress", 10)).toString();

        HttpResponse<String> first = gateway.postOnce(eventsOf(job), Auth.bearer(RETRYING), "retry-1", body);
        HttpResponse<String> again = gateway.postOnce(eventsOf(job), Auth.bearer(RETRYING), "retry-1", body);
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, again.statusCode());
        assertEquals(Gateway.json(first), Gateway.json(again), "the first answer, seq included");
        assertEquals(1, getHistory(job, "", ACME_PUBLISHER).getJsonArray("events").size(), "stored once");

        HttpResponse<String> other = gateway.postOnce(eventsOf(job), Auth.bearer(RETRYING), "retry-2", body);
        assertEquals(2, Gateway.json(other).getInt("seq"), "another key is another request");
        HttpResponse<String> anotherApiKey = gateway.postOnce(eventsOf(job), Auth.bearer(ALSO_RETRYING), "retry-1", body);
        assertEquals(3, Gateway.json(anotherApiKey).getInt("seq"), "the same key of another API key is another request");
        assertEquals(400, gateway.postOnce(eventsOf(job), Auth.bearer(RETRYING), "not a key!", body).statusCode());
        assertEquals(202, gateway.postOnce("messages", Auth.bearer(RETRYING), "message-1", json("event", "e").toString())
                .statusCode());
    }

    private static final String HASTY_PUBLISHER = KEYS.plain("hasty", null, "publish");

    @Test
    void pastThePublishRateOfItsKeyARequestIs429WithRetryAfter() throws InterruptedException {
        String body = json("event", "hurry").toString();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            requests.add(gateway.postAsync("messages", Auth.bearer(HASTY_PUBLISHER), body));
        }
        List<HttpResponse<String>> answers = requests.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertTrue(!limited.isEmpty(), "600 requests at once, 200 a second allowed: some must be refused");
        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 202 || r.statusCode() == 429),
                "only 202 and 429: " + answers.stream().map(HttpResponse::statusCode).distinct().toList());
        HttpResponse<String> one = limited.get(0);
        assertEquals("rate_limited", Gateway.json(one).getString("error"));
        long retryAfter = Long.parseLong(one.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(1, retryAfter, "the seconds until the next one, rounded up");
        Thread.sleep(1100);
        assertEquals(202, gateway.post("messages", Auth.bearer(HASTY_PUBLISHER), body).statusCode(), "a new second, a new count");
        assertEquals(202, gateway.post("messages", Auth.bearer(ACME_PUBLISHER), body).statusCode(),
                "another key is not held back");
    }

    @Test
    void anEventFiredThroughCdiOverMaxEventBytesIsNotStored() {
        String job = newJobId("cdi-too-large");
        burst(job, null, 1, 70_000, 0);

        assertEquals(404, gateway.get(historyOf(job), Auth.bearer(ACME_PUBLISHER)).statusCode(),
                "refused with a log line, never stored");
    }

    // ================================================================ HTTP: history

    @Test
    void historyOverHttpIsOldestFirstWithLimitAndSince() {
        String job = newJobId("http-history");
        burst(job, null, 150, 0, 0);

        JsonObject all = getHistory(job, "", ACME_PUBLISHER);
        assertFields(all, Set.of("jobId", "events"), Set.of());
        assertEquals(job, all.getString("jobId"));
        assertConsecutive("GET history", objects(all.getJsonArray("events")), 51);
        assertEquals(100, all.getJsonArray("events").size(), "the last 100 events are kept");
        List<JsonObject> limited = objects(getHistory(job, "?limit=3", ACME_PUBLISHER).getJsonArray("events"));
        assertEquals(3, limited.size(), "limit=3");
        assertConsecutive("GET history?limit=3", limited, 148);
        List<JsonObject> since = objects(getHistory(job, "?since=140", ACME_PUBLISHER).getJsonArray("events"));
        assertEquals(10, since.size(), "since=140");
        assertConsecutive("GET history?since=140", since, 141);
        assertEquals(100, getHistory(job, "", ACME_WITHOUT_PUBLISH).getJsonArray("events").size(),
                "reading history needs no publish scope");
    }

    @Test
    void historyOverHttpIs404ForAnUnknownJobOrAnotherClients() {
        String job = newJobId("http-history-404");
        publish(ACME_PUBLISHER, job, json("type", "job.created"));

        assertAll(
                () -> assertEquals(404, gateway.get(historyOf(newJobId("unknown")), Auth.bearer(ACME_PUBLISHER)).statusCode(),
                        "an unknown job"),
                () -> assertEquals(404, gateway.get(historyOf(job), Auth.bearer(GLOBEX_PUBLISHER)).statusCode(),
                        "another client's job"),
                () -> assertEquals(401, gateway.get(historyOf(job), Auth.none()).statusCode(), "no key"));
    }

    // ================================================================ HTTP: demo jobs and health

    private static final String DEMO_WATCHER = KEYS.plain("acme", null);

    @Test
    void aDemoJobRunsEveryStepToCompletion() {
        TestSocket socket = gateway.connect("demo watcher", DEMO_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        String job = startDemo("{\"steps\":3,\"stepMillis\":50}");

        List<JsonObject> events = eventsUntilTheEnd(socket, job);
        assertEquals(List.of("job.created", "job.started", "job.progress", "job.progress", "job.progress", "job.completed"),
                types(events));
        assertConsecutive("demo job", events, 1);
        int previous = -1;
        for (JsonObject progress : events.subList(2, 5)) {
            JsonObject data = progress.getJsonObject("data");
            int percent = data.getInt("progress");
            assertTrue(percent >= previous && percent <= 100, "progress goes up, from 0 to 100: " + progress);
            previous = percent;
            assertEquals(JsonValue.ValueType.STRING, data.get("message").getValueType(), progress.toString());
            assertEquals(JsonValue.ValueType.STRING, data.get("step").getValueType(), progress.toString());
        }
        JsonObject completed = events.get(5);
        assertEquals("completed", completed.getString("status"));
        assertEquals("acme", completed.getString("clientId"));
        assertFields(completed.getJsonObject("data"), Set.of("completedAt", "result", "artifacts"), Set.of());
    }

    private static final String FAILED_DEMO_WATCHER = KEYS.plain("acme", null);

    @Test
    void aDemoJobFailsAtTheStepAskedFor() {
        TestSocket socket = gateway.connect("failed demo watcher", FAILED_DEMO_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        String job = startDemo("{\"steps\":3,\"stepMillis\":50,\"failAtStep\":2}");

        List<JsonObject> events = eventsUntilTheEnd(socket, job);
        List<String> types = types(events);
        assertEquals(List.of("job.created", "job.started"), types.subList(0, 2), types.toString());
        assertEquals("job.failed", types.get(types.size() - 1), types.toString());
        long progresses = types.stream().filter("job.progress"::equals).count();
        assertTrue(progresses >= 1 && progresses <= 2, "a progress for step 1 and none past step 2: " + types);
        JsonObject failed = events.get(events.size() - 1);
        assertEquals("failed", failed.getString("status"));
        assertFields(failed.getJsonObject("data"), Set.of("error", "errorMessage", "completedAt"), Set.of());
        socket.expectNoEventOf(job);
    }

    private static final String DEFAULT_DEMO_WATCHER = KEYS.plain("acme", null);

    private static final String DEMO_CAP_WATCHER = KEYS.plain("acme", null);

    @Test
    void pastTheDemosRunningJobsAStartIs429UntilOneEnds() {
        TestSocket socket = gateway.connect("demo cap watcher", DEMO_CAP_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");
        List<String> started = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) { // 5 at most, and any another test left running
            HttpResponse<String> response = gateway.post("demo/jobs", Auth.bearer(ACME_PUBLISHER),
                    json("steps", 1, "stepMillis", 1500).toString());
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(202, response.statusCode(), response.body());
                started.add(Gateway.json(response).getString("jobId"));
            }
        }
        assertTrue(refused != null, "jobs.demo.max-running-jobs = 5, yet 10 started");
        assertTrue(started.size() <= 5, "started " + started.size());
        assertEquals("too_many_demo_jobs", Gateway.json(refused).getString("error"));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());

        for (String job : started) {
            eventsUntilTheEnd(socket, job); // they end, and give their places back
        }
        startDemo("{\"steps\":1,\"stepMillis\":0}");
    }

    @Test
    void aDemoJobHasFourStepsOfHalfASecondByDefault() {
        TestSocket socket = gateway.connect("default demo watcher", DEFAULT_DEMO_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        String job = startDemo("{}");

        List<JsonObject> events = eventsUntilTheEnd(socket, job);
        assertEquals(4, types(events).stream().filter("job.progress"::equals).count(), types(events).toString());
        assertEquals("job.completed", events.get(events.size() - 1).getString("type"));
        Duration took = Duration.between(isoInstant(events.get(1), "timestamp"),
                isoInstant(events.get(events.size() - 1), "timestamp"));
        assertTrue(took.toMillis() >= 1500, "4 steps of 500 ms took " + took.toMillis() + " ms");
    }

    @Test
    void demoJobsNeedAValidKeyWithPublishScope() {
        assertEquals(401, gateway.post("demo/jobs", Auth.none(), "{}").statusCode());
        assertEquals(403, gateway.post("demo/jobs", Auth.bearer(ACME_WITHOUT_PUBLISH), "{}").statusCode());
    }

    // ================================================================ Jakarta Batch jobs (issue 16)

    private static final String BATCH_WATCHER = KEYS.plain("acme", null);

    @Test
    void theDemoBatchJobReportsItsWholeLifeThroughTheListeners() {
        TestSocket socket = gateway.connect("batch watcher", BATCH_WATCHER);
        subscribe(socket, json("type", "subscribe"), "client:acme");

        HttpResponse<String> response = gateway.post("demo/batch-jobs", Auth.bearer(ACME_PUBLISHER), "{\"rows\":300}");
        assertEquals(202, response.statusCode(), response.body());
        String job = Gateway.json(response).getString("jobId");

        BatchJobsOnTheWire.assertDemoImport(eventsUntilTheEnd(socket, job), 300);
    }

    @Test
    void aBatchJobThatFailsEndsInJobFailedWithTheFailure() {
        TestSocket socket = gateway.connect("failing batch watcher", BATCH_WATCHER);
        String job = newJobId("batch-failing");
        subscribe(socket, json("type", "subscribe", "jobId", job), "job:" + job);

        startBatchJob("test-failing-import", job, "rows=100&chunkSize=10&failAtLine=55");

        JsonObject failed = BatchJobsOnTheWire.assertFailed(eventsUntilTheEnd(socket, job), "batch_failed", "FAILED");
        assertTrue(failed.getString("errorMessage").startsWith("IllegalStateException: line 55: the ledger refused it"),
                failed.toString());
        assertEquals(50, failed.getInt("written"), "five chunks of 10 committed before the sixth failed: " + failed);
    }

    @Test
    void aStoppedBatchJobEndsInJobFailedWithTheStopCode() {
        TestSocket socket = gateway.connect("stopped batch watcher", BATCH_WATCHER);
        String job = newJobId("batch-stopped");
        subscribe(socket, json("type", "subscribe", "jobId", job), "job:" + job);

        long execution = startBatchJob("demo-csv-import", job, "rows=2000&chunkSize=20&chunkMillis=100");
        List<JsonObject> events = new ArrayList<>();
        while (events.isEmpty() || !"job.progress".equals(events.get(events.size() - 1).getString("type"))) {
            events.add(socket.nextEvent(job, LONG_WAIT));
        }
        HttpResponse<String> stop = gateway.post("test-batch-jobs/executions/" + execution + "/stop", Auth.none(), "");
        assertEquals(204, stop.statusCode(), stop.body());

        events.addAll(eventsUntilTheEnd(socket, job));
        JsonObject failed = BatchJobsOnTheWire.assertFailed(events, "batch_stopped", "STOPPED");
        assertTrue(failed.getInt("read") < 2000, "stopped before the end: " + failed);
    }

    @Test
    void demoBatchJobsCheckTheirKeyAndBody() {
        assertEquals(401, gateway.post("demo/batch-jobs", Auth.none(), "{}").statusCode());
        assertEquals(403, gateway.post("demo/batch-jobs", Auth.bearer(ACME_WITHOUT_PUBLISH), "{}").statusCode());
        for (String body : List.of("{\"rows\":9}", "{\"rows\":20001}", "{\"rows\":\"many\"}", "[1]")) {
            HttpResponse<String> refused = gateway.post("demo/batch-jobs", Auth.bearer(ACME_PUBLISHER), body);
            assertEquals(400, refused.statusCode(), body + ": " + refused.body());
            assertEquals("bad_request", Gateway.json(refused).getString("error"), body);
        }
    }

    /** Starts a job XML through the job operator, as a host application does; answers the execution id. */
    private long startBatchJob(String jobXml, String jobId, String query) {
        HttpResponse<String> started = gateway.post("test-batch-jobs/" + jobXml + "?jobId=" + jobId + "&clientId=acme&" + query,
                Auth.none(), "");
        assertEquals(200, started.statusCode(), started.body());
        return Long.parseLong(started.body().trim());
    }

    @Test
    void healthIsReadyAndLive() {
        for (String path : List.of("/health/ready", "/health/live")) {
            HttpResponse<String> response = gateway.getFromServerRoot(path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            assertEquals("UP", Gateway.json(response).getString("status", null), path + ": " + response.body());
        }
    }

    // ================================================================ the operations page (issue 14, item 2)

    private static final String OPS_WATCHER = KEYS.plain("acme", null);

    @Test
    void opsDataAnswersAdminKeysOnlyWithTheHttpApisErrors() {
        Map<String, Auth> refused = Map.of(
                "no key", Auth.none(),
                "an unknown key", Auth.bearer(ADMIN + "x"),
                "a key in the URL", Auth.query(ADMIN),
                "a key without the admin scope", Auth.bearer(ACME_PUBLISHER));
        refused.forEach((what, auth) -> {
            HttpResponse<String> response = gateway.opsData(auth);
            int expected = what.endsWith("admin scope") ? 403 : 401;
            assertEquals(expected, response.statusCode(), what + ": " + response.body());
            JsonObject error = Gateway.json(response);
            assertEquals(expected == 403 ? "forbidden" : "unauthorized", error.getString("error"), what);
            assertFalse(error.getString("message").isBlank(), what);
        });
        for (Auth admin : List.of(Auth.bearer(ADMIN), Auth.apiKeyHeader(ADMIN))) {
            HttpResponse<String> response = gateway.opsData(admin);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), "live data, never cached");
        }
    }

    @Test
    void opsDataHoldsThisNodesMetersAndTheyMove() {
        JsonObject before = opsNode(opsData());
        String job = newJobId("ops");
        TestSocket socket = gateway.connect("ops watcher", OPS_WATCHER);
        subscribeToJob(socket, job);
        publish(ACME_PUBLISHER, job, json("type", "job.created"));
        socket.nextEvent(job, TestSocket.WAIT);

        JsonObject data = opsData();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (opsNode(data).getJsonObject("lag").getInt("count") == before.getJsonObject("lag").getInt("count")
                && System.nanoTime() < deadline) {
            data = opsData(); // counted on the server's thread, a moment after the client saw the event
        }
        boolean cluster = Boolean.getBoolean("jobs.it.cluster");
        assertEquals(cluster, data.getBoolean("cluster"), data.toString());
        assertTrue(data.getBoolean("complete"), data.toString());
        assertFalse(data.containsKey("problem"), data.toString());
        assertEquals(1, data.getJsonArray("nodes").size(), "one node; in cluster mode no other reports: " + data);
        JsonObject now = opsNode(data);
        assertEquals(data.getString("node"), now.getString("node"));
        Set<String> fields = new java.util.HashSet<>(Set.of("node", "takenAt", "connections", "subscriptions", "rooms",
                "published", "deliveries", "closes", "rateLimited", "progressReplaced", "resumes", "lag"));
        if (cluster) {
            fields.addAll(Set.of("busGapFills", "outboxWaiting"));
        }
        assertEquals(fields, now.keySet());
        isoInstant(now, "takenAt");
        assertEquals(Set.of("websocket", "sse", "poll"), now.getJsonObject("connections").keySet());
        assertEquals(Set.of("http", "cdi"), now.getJsonObject("published").keySet());
        JsonArray buckets = now.getJsonObject("lag").getJsonArray("buckets");
        assertEquals(0.001, buckets.getJsonObject(0).getJsonNumber("le").doubleValue(), buckets.toString());
        JsonObject last = buckets.getJsonObject(buckets.size() - 1);
        assertTrue(last.getInt("count") <= now.getJsonObject("lag").getInt("count"), "cumulative, +Inf is the count");
        assertAll(
                () -> assertTrue(now.getJsonObject("connections").getInt("websocket") >= 1, now.toString()),
                () -> assertTrue(now.getInt("rooms") >= 1, now.toString()),
                () -> assertTrue(now.getInt("subscriptions") >= 1, now.toString()),
                () -> assertTrue(delta(before, now, "published", "http") >= 1, now.toString()),
                () -> assertTrue(now.getInt("deliveries") > before.getInt("deliveries"), now.toString()),
                () -> assertTrue(now.getJsonObject("lag").getInt("count") > before.getJsonObject("lag").getInt("count"),
                        now.toString()));
    }

    @Test
    void theOpsPageIsServedAtOps() {
        HttpResponse<String> page = gateway.getFromApp("ops/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains("ops.js") && page.body().contains("uPlot"), page.body());
        for (String file : List.of("ops/ops.js", "ops/ops.css", "ops/vendor/uplot/uPlot.iife.min.js")) {
            assertEquals(200, gateway.getFromApp(file).statusCode(), file);
        }
        HttpResponse<String> bare = gateway.getFromApp("ops");
        assertTrue(Set.of(301, 302, 303, 307, 308).contains(bare.statusCode()), "/ops answered " + bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/ops/"), bare.headers().toString());
    }

    private JsonObject opsData() {
        HttpResponse<String> response = gateway.opsData(Auth.bearer(ADMIN));
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response);
    }

    /** This node's snapshot: the first. */
    private static JsonObject opsNode(JsonObject data) {
        return data.getJsonArray("nodes").getJsonObject(0);
    }

    private static int delta(JsonObject before, JsonObject after, String meter, String label) {
        return after.getJsonObject(meter).getInt(label) - before.getJsonObject(meter).getInt(label);
    }

    // ================================================================ helpers

    private static void assertHello(JsonObject hello, String clientId, String userId) {
        assertFields(hello, userId == null
                        ? Set.of("type", "connectionId", "clientId", "heartbeatIntervalMs", "heartbeatTimeoutMs", "serverTime")
                        : Set.of("type", "connectionId", "clientId", "userId", "heartbeatIntervalMs", "heartbeatTimeoutMs",
                        "serverTime"),
                Set.of());
        assertEquals("connected", hello.getString("type"));
        assertFalse(hello.getString("connectionId").isBlank(), "connectionId: " + hello);
        assertEquals(clientId, hello.getString("clientId"));
        if (userId != null) {
            assertEquals(userId, hello.getString("userId"));
        }
        assertEquals(500, hello.getInt("heartbeatIntervalMs"), hello.toString());
        assertEquals(2000, hello.getInt("heartbeatTimeoutMs"), hello.toString());
        Instant serverTime = isoInstant(hello, "serverTime");
        assertTrue(Duration.between(serverTime, Instant.now()).abs().toSeconds() < 60,
                "serverTime " + serverTime + " is the server's current time");
    }

    private static void subscribeToJob(TestSocket socket, String jobId) {
        socket.send(json("type", "subscribe", "jobId", jobId));
        JsonObject reply = socket.await("the reply to subscribe " + jobId, GatewayIT::isReply);
        assertEquals(json("type", "subscribed", "room", "job:" + jobId, "jobId", jobId), reply, socket.name());
    }

    private static void subscribe(TestSocket socket, JsonObject request, String room) {
        socket.send(request);
        JsonObject reply = socket.await("the reply to " + request, GatewayIT::isReply);
        assertEquals("subscribed", reply.getString("type", null), socket.name() + ": " + request + " answered " + reply);
        assertEquals(room, reply.getString("room", null), socket.name() + ": " + request + " answered " + reply);
    }

    private static boolean isReply(JsonObject message) {
        return Set.of("subscribed", "unsubscribed", "error").contains(message.getString("type", ""));
    }

    private JsonObject publish(String key, String jobId, JsonObject body) {
        HttpResponse<String> response = gateway.post(eventsOf(jobId), Auth.bearer(key), body.toString());
        assertEquals(202, response.statusCode(), "POST " + eventsOf(jobId) + " " + body + " answered " + response.body());
        return Gateway.json(response);
    }

    private static String eventsOf(String jobId) {
        return "jobs/" + jobId + "/events";
    }

    private static String historyOf(String jobId) {
        return "jobs/" + jobId + "/history";
    }

    private JsonObject getHistory(String jobId, String query, String key) {
        HttpResponse<String> response = gateway.get(historyOf(jobId) + query, Auth.bearer(key));
        assertEquals(200, response.statusCode(), "GET " + historyOf(jobId) + query + ": " + response.body());
        return Gateway.json(response);
    }

    /** Makes the test EJB fire {@code count} events of a job owned by acme, outside a transaction. */
    private void burst(String jobId, String userId, int count, int padChars, long pauseMillis) {
        HttpResponse<String> response = burstAsync(jobId, userId, count, padChars, pauseMillis).join();
        assertEquals(204, response.statusCode(), "the test EJB's burst: " + response.body());
    }

    private CompletableFuture<HttpResponse<String>> burstAsync(String jobId, String userId, int count, int padChars,
                                                               long pauseMillis) {
        return gateway.postAsync("test-jobs/" + jobId + "/burst?clientId=acme&count=" + count + "&padChars=" + padChars
                + "&pauseMillis=" + pauseMillis + (userId == null ? "" : "&userId=" + userId), Auth.bearer(ADMIN), "");
    }

    /** Connects once the server has released a closed connection of the key; that needs no event, so poll. */
    private TestSocket connectWhenCountReleased(String name, String key) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            TestSocket socket = gateway.open(name, Auth.bearer(key));
            String outcome = socket.firstOutcome(TestSocket.WAIT);
            if ("connected".equals(outcome)) {
                socket.next();
                return socket;
            }
            if (!"closed 4429".equals(outcome) || System.nanoTime() > deadline) {
                fail(name + ": after a disconnect the key must have room for another connection; got " + outcome);
            }
        }
    }

    private String startDemo(String body) {
        HttpResponse<String> response = gateway.post("demo/jobs", Auth.bearer(ACME_PUBLISHER), body);
        assertEquals(202, response.statusCode(), "POST demo/jobs " + body + ": " + response.body());
        JsonObject started = Gateway.json(response);
        assertFields(started, Set.of("jobId"), Set.of());
        return started.getString("jobId");
    }

    private static List<JsonObject> eventsUntilTheEnd(TestSocket socket, String jobId) {
        List<JsonObject> events = new ArrayList<>();
        while (events.isEmpty() || !Set.of("job.completed", "job.failed")
                .contains(events.get(events.size() - 1).getString("type"))) {
            events.add(socket.nextEvent(jobId, Duration.ofSeconds(10)));
        }
        return events;
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")).collect(Collectors.toList());
    }

    private static Predicate<JsonObject> isMessage(String event) {
        return message -> "message".equals(message.getString("type", null)) && event.equals(message.getString("event", null));
    }

    private static JsonObject nextMessage(TestSocket socket, String event) {
        return socket.await("message '" + event + "'", isMessage(event));
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array.stream().map(JsonValue::asJsonObject).collect(Collectors.toList());
    }
}
