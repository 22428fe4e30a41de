package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.GatewayServer;
import io.jobsgateway.fixtures.RedisServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Contract section 7, black-box: two gateway nodes (two Payara Micro processes, started as a
 * user starts them) on one redis-server of the test's own. Events published on one node reach
 * every matching connection on both, once each and in seq order; limits, seq and history are
 * cluster-wide; nothing is lost for connected subscribers when Redis is killed and restarted;
 * a node killed with kill -9 stops counting against limits within the heartbeat timeout. The
 * operations data of either node lists both, still answers for its own node while Redis is away,
 * and drops a killed node within a report's lifetime. The stalled-job watchdog sweeps on one node
 * at a time and speaks once for each silent job, whichever node it was published through, also after
 * that node was killed; the progress estimate is the same through either node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int HEARTBEAT_TIMEOUT_MS = 3000;
    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static RedisServer redis;
    private static GatewayServer nodeA;
    private static GatewayServer nodeB;
    private static Path keys;

    private Gateway a;
    private Gateway b;

    @BeforeAll
    static void startRedisAndTwoNodes() throws IOException {
        redis = RedisServer.withAppendOnlyFile();
        keys = Files.createTempFile("cluster-keys", ".json");
        Files.writeString(keys, """
                [{"key": "c-publisher", "clientId": "acme", "scopes": ["publish"]},
                 {"key": "c-alice", "clientId": "acme", "userId": "alice"},
                 {"key": "c-limited", "clientId": "acme"},
                 {"key": "c-node", "clientId": "acme"},
                 {"key": "c-streamer", "clientId": "acme"},
                 {"key": "c-admin", "clientId": "ops", "scopes": ["admin"]}]
                """);
        Map<String, String> environment = Map.of(
                "JOBS_REDIS_ADDRESS", redis.address(),
                "JOBS_REDIS_TIMEOUT_MS", "1000",
                "JOBS_REDIS_CONNECT_TIMEOUT_MS", "1000",
                "JOBS_REDIS_CANARY_INTERVAL_MS", "500",
                "JOBS_API_KEYS_FILE", keys.toString(),
                "JOBS_MAX_CONNECTIONS_PER_KEY", "3",
                "JOBS_HEARTBEAT_INTERVAL_MS", "1000",
                "JOBS_HEARTBEAT_TIMEOUT_MS", Integer.toString(HEARTBEAT_TIMEOUT_MS),
                "JOBS_DEMO_ENABLED", "true",
                // the watchdog is off but for jobs created with timeouts of their own (watchedJob)
                "JOBS_WATCHDOG_SWEEP_INTERVAL_MS", "200");
        Path war = PackagedBuild.war();
        nodeA = PackagedBuild.node("cluster-a", war, environment, war.getParent());
        nodeB = PackagedBuild.node("cluster-b", war, environment, war.getParent());
        nodeA.start(); // both boot side by side
        nodeB.start();
        nodeA.awaitReadiness(200, BOOT);
        nodeB.awaitReadiness(200, BOOT);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {nodeA, nodeB, redis}) {
            if (resource != null) {
                resource.close();
            }
        }
        if (keys != null) {
            Files.deleteIfExists(keys);
        }
    }

    @AfterEach
    void closeSockets() {
        Stream.of(a, b).filter(java.util.Objects::nonNull).forEach(Gateway::close);
    }

    private void gateways() {
        a = gateway(nodeA);
        b = gateway(nodeB);
    }

    private static Gateway gateway(GatewayServer node) {
        try {
            return new Gateway(node.base().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jobId(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void publish(Gateway through, String jobId, int count) {
        for (int i = 1; i <= count; i++) {
            var response = through.post("jobs/" + jobId + "/events", Auth.bearer("c-publisher"),
                    "{\"type\":\"job.progress\",\"data\":{\"progress\":" + (i % 101) + "}}");
            assertEquals(202, response.statusCode(), response.body());
        }
    }

    /** GET ops/data of a node until {@code done}, 20 s at most: the nodes report once a second, a report ends after 10 s. */
    private static JsonObject awaitOpsData(Gateway node, String what, java.util.function.Predicate<JsonObject> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject data;
        do {
            var response = node.opsData(Auth.bearer("c-admin"));
            assertEquals(200, response.statusCode(), response.body());
            data = Gateway.json(response);
            if (done.test(data)) {
                return data;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + what + " within 20 s: " + data);
    }

    private static List<String> names(JsonObject opsData) {
        return opsData.getJsonArray("nodes").getValuesAs(JsonObject.class).stream().map(n -> n.getString("node")).toList();
    }

    private static void assertSeqs(List<JsonObject> events, int from, int to) {
        List<Integer> seqs = events.stream().map(e -> e.getInt("seq")).toList();
        List<Integer> expected = new ArrayList<>();
        for (int seq = from; seq <= to; seq++) {
            expected.add(seq);
        }
        assertEquals(expected, seqs, "each event once, in seq order");
    }

    /** A job created through {@code through} with a stall timeout of 1 s and a lost timeout of 2 s of its own. */
    private static void watchedJob(Gateway through, String jobId) {
        var response = through.post("jobs/" + jobId + "/events", Auth.bearer("c-publisher"),
                "{\"type\":\"job.created\",\"data\":{\"stallTimeoutSeconds\":1,\"lostTimeoutSeconds\":2}}");
        assertEquals(202, response.statusCode(), response.body());
    }

    /** After the job's own {@code ownEvents} events (received already), exactly one stall and then one loss, in seq order. */
    private static void assertStalledThenLost(TestSocket socket, String jobId, int ownEvents, Duration wait) {
        List<JsonObject> events = socket.nextEvents(jobId, 2, wait);
        assertSeqs(events, ownEvents + 1, ownEvents + 2);
        JsonObject stalled = events.get(0);
        assertEquals("job.updated", stalled.getString("type"), stalled.toString());
        assertEquals("stalled", stalled.getString("status"), stalled.toString());
        assertTrue(stalled.getJsonObject("data").containsKey("lastEventAt"), stalled.toString());
        JsonObject lost = events.get(1);
        assertEquals("job.failed", lost.getString("type"), lost.toString());
        assertEquals("lost", lost.getJsonObject("data").getString("error"), lost.toString());
    }

    private static void subscribe(TestSocket socket, JsonObject request) {
        socket.send(request);
        socket.nextOfType("subscribed");
    }

    @Test
    @Order(1)
    void anEventPublishedOnOneNodeReachesSubscribersOnBothOnceEachInOrder() {
        gateways();
        String job = jobId("fanout");
        TestSocket onA = a.connect("onA", "c-alice");
        TestSocket onB = b.connect("onB", "c-alice");
        subscribe(onA, Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        // in two matching rooms, still one copy
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").build());

        publish(a, job, 200);

        assertSeqs(onA.nextEvents(job, 200, DELIVERY), 1, 200);
        assertSeqs(onB.nextEvents(job, 200, DELIVERY), 1, 200);
        onB.expectNoEventOf(job);
    }

    @Test
    @Order(2)
    void theConnectionLimitHoldsAcrossNodesUnderAStorm() {
        gateways();
        List<CompletableFuture<TestSocket>> storm = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            storm.add((i % 2 == 0 ? a : b).openAsync("storm-" + i, Auth.bearer("c-limited")));
        }
        int connected = 0;
        int refused = 0;
        for (CompletableFuture<TestSocket> socket : storm) {
            String outcome = socket.join().firstOutcome(Duration.ofSeconds(15));
            if (outcome.equals("connected")) {
                connected++;
            } else if (outcome.equals("closed 4429")) {
                refused++;
            } else {
                throw new AssertionError("unexpected outcome " + outcome);
            }
        }
        assertEquals(3, connected, "exactly jobs.max-connections-per-key across both nodes");
        assertEquals(9, refused);
    }

    @Test
    @Order(3)
    void historyAndSinceWorkAcrossNodes() {
        gateways();
        String job = jobId("history");
        publish(a, job, 5);

        TestSocket onB = b.connect("onB", "c-alice");
        onB.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).add("since", 2).build());
        JsonObject reply = onB.nextOfType("subscribed");
        assertTrue(reply.getBoolean("recovered"), reply.toString());
        assertSeqs(onB.nextEvents(job, 3, DELIVERY), 3, 5);

        var history = b.get("jobs/" + job + "/history", Auth.bearer("c-publisher"));
        assertEquals(200, history.statusCode(), history.body());
        assertEquals(5, Gateway.json(history).getJsonArray("events").size());
    }

    @Test
    @Order(3)
    void aStreamAndAHeldPollOnOneNodeGetWhatIsPublishedOnTheOtherAndAStreamResumesOnEither() throws Exception {
        gateways();
        String job = jobId("fallback");
        EventStream onB = b.stream("stream on B", "jobId=" + job, Auth.bearer("c-streamer"));
        onB.next("connected");
        onB.next("subscribed");
        CompletableFuture<java.net.http.HttpResponse<String>> heldOnB = b.getAsync("poll?jobId=" + job + "&wait=20",
                Auth.bearer("c-streamer"));
        Thread.sleep(500);
        publish(a, job, 2);
        var answer = heldOnB.get(DELIVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(Gateway.json(answer).getJsonArray("events").size() >= 1, answer.body());
        List<EventStream.Message> seen = onB.jobs(2);
        assertEquals(List.of(1, 2), seen.stream().map(m -> m.data().getInt("seq")).toList());
        onB.close();

        publish(a, job, 2);
        EventStream onA = a.stream("stream resumed on A", "jobId=" + job,
                Auth.bearer("c-streamer").withHeader("Last-Event-ID", seen.get(1).id()));
        onA.next("connected");
        assertTrue(onA.next("subscribed").data().getBoolean("recovered"));
        assertEquals(List.of(3, 4), onA.jobs(2).stream().map(m -> m.data().getInt("seq")).toList(),
                "what was missed on the other node, once");
    }

    @Test
    @Order(3)
    void theOperationsDataOfEitherNodeShowsBothAndWhatEachHolds() throws InterruptedException {
        gateways();
        TestSocket onB = b.connect("onB", "c-alice");
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").add("jobId", jobId("ops")).build());

        JsonObject fromA = awaitOpsData(a, "node B's report with its socket", data -> data.getJsonArray("nodes").size() == 2
                && data.getJsonArray("nodes").getJsonObject(1).getJsonObject("connections").getInt("websocket") >= 1);
        JsonObject fromB = awaitOpsData(b, "node A's report", data -> data.getJsonArray("nodes").size() == 2);

        assertTrue(fromA.getBoolean("cluster") && fromA.getBoolean("complete"), fromA.toString());
        String nameOfA = fromA.getString("node");
        String nameOfB = fromB.getString("node");
        assertTrue(!nameOfA.equals(nameOfB), "two nodes, two names: " + nameOfA);
        assertEquals(List.of(nameOfA, nameOfB), names(fromA), "this node first, then the others");
        assertEquals(List.of(nameOfB, nameOfA), names(fromB));
        assertTrue(fromA.getJsonArray("nodes").getJsonObject(1).getInt("subscriptions") >= 1, fromA.toString());
    }

    @Test
    @Order(3)
    void twoNodesSweepingNeverBothSpeakForASilentJob() {
        gateways();
        TestSocket onA = a.connect("onA", "c-alice");
        TestSocket onB = b.connect("onB", "c-alice");
        subscribe(onA, Json.createObjectBuilder().add("type", "subscribe").build());
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").build());
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String job = jobId("silent-" + i);
            jobs.add(job);
            watchedJob(i % 2 == 0 ? a : b, job);
        }
        for (String job : jobs) {
            for (TestSocket socket : List.of(onA, onB)) {
                assertSeqs(socket.nextEvents(job, 1, DELIVERY), 1, 1);
                assertStalledThenLost(socket, job, 1, DELIVERY);
            }
        }
        onA.expectNo("a second word of the watchdog", m -> jobs.stream().anyMatch(job -> TestSocket.isEventOf(job, m)),
                Duration.ofSeconds(1));
    }

    @Test
    @Order(3)
    void theProgressEstimateIsTheSameThroughEitherNode() throws InterruptedException {
        gateways();
        String job = jobId("eta");
        TestSocket onB = b.connect("onB", "c-alice");
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        a.post("jobs/" + job + "/events", Auth.bearer("c-publisher"), "{\"type\":\"job.started\"}");
        for (int i = 1; i <= 4; i++) {
            Thread.sleep(200);
            var response = (i % 2 == 0 ? a : b).post("jobs/" + job + "/events", Auth.bearer("c-publisher"),
                    "{\"type\":\"job.progress\",\"data\":{\"progress\":" + 10 * i + "}}");
            assertEquals(202, response.statusCode(), response.body());
        }
        List<JsonObject> live = onB.nextEvents(job, 5, DELIVERY);
        for (JsonObject progress : live.subList(1, 5)) {
            assertTrue(progress.getJsonObject("data").getJsonNumber("ratePerSecond").doubleValue() > 0, progress.toString());
            assertTrue(progress.getJsonObject("data").containsKey("etaSeconds"), progress.toString());
        }
        var history = a.get("jobs/" + job + "/history", Auth.bearer("c-publisher"));
        assertEquals(live, Gateway.json(history).getJsonArray("events").getValuesAs(JsonObject.class),
                "the other node's history holds the same estimates");
    }

    @Test
    @Order(4)
    void redisKilledAndRestartedMidStreamLosesNothingForConnectedSubscribers() throws Exception {
        gateways();
        TestSocket onA = a.connect("onA", "c-alice");
        TestSocket onB = b.connect("onB", "c-alice");
        subscribe(onA, Json.createObjectBuilder().add("type", "subscribe").build());
        subscribe(onB, Json.createObjectBuilder().add("type", "subscribe").build());
        // A demo job fires its events through CDI on node A: created, started, 30 progress, completed.
        var started = a.post("demo/jobs", Auth.bearer("c-publisher"), "{\"steps\":30,\"stepMillis\":150}");
        assertEquals(202, started.statusCode(), started.body());
        String job = Gateway.json(started).getString("jobId");
        onB.nextEvents(job, 5, DELIVERY);

        redis.kill();
        nodeA.awaitReadiness(503, Duration.ofSeconds(15));
        nodeB.awaitReadiness(503, Duration.ofSeconds(15));
        long asked = System.nanoTime();
        var refused = b.post("jobs/" + jobId("outage") + "/events", Auth.bearer("c-publisher"), "{\"type\":\"job.created\"}");
        long answeredMs = (System.nanoTime() - asked) / 1_000_000;
        assertEquals(503, refused.statusCode(), refused.body());
        // Not after a command's timeout (1 s here) and its retries: the node knows Redis is away.
        assertTrue(answeredMs < 900, "503 after " + answeredMs + " ms");
        var refusedBatch = b.post("events", Auth.bearer("c-publisher"),
                "[{\"jobId\":\"" + jobId("outage-batch") + "\",\"type\":\"job.created\"}]");
        assertEquals(503, refusedBatch.statusCode(), "a batch as a single publish: " + refusedBatch.body());
        var opsData = a.opsData(Auth.bearer("c-admin"));
        assertEquals(200, opsData.statusCode(), "the operations data still answers for its own node: " + opsData.body());
        JsonObject onlyA = Gateway.json(opsData);
        assertEquals(false, onlyA.getBoolean("complete"), onlyA.toString());
        assertTrue(onlyA.containsKey("problem"), onlyA.toString());
        assertEquals(List.of(onlyA.getString("node")), names(onlyA));
        Thread.sleep(1500); // events keep being fired meanwhile
        redis.start();
        nodeA.awaitReadiness(200, Duration.ofSeconds(60));
        nodeB.awaitReadiness(200, Duration.ofSeconds(60));

        List<JsonObject> onAEvents = onA.nextEvents(job, 33, Duration.ofSeconds(60));
        assertSeqs(onAEvents, 1, 33);
        assertEquals("job.completed", onAEvents.get(32).getString("type"));
        List<JsonObject> onBEvents = new ArrayList<>();
        onBEvents.addAll(onB.received().stream().filter(m -> TestSocket.isEventOf(job, m)).limit(5).toList());
        onBEvents.addAll(onB.nextEvents(job, 28, Duration.ofSeconds(60)));
        assertSeqs(onBEvents, 1, 33);
        onA.expectNoEventOf(job);
        onB.expectNoEventOf(job);
    }

    @Test
    @Order(5)
    void redisLosingItsDataMidJobSkipsNothingOnResumeOnTheOtherNode() throws Exception {
        gateways();
        String job = jobId("flushed");
        TestSocket watcher = b.connect("watching on B throughout", "c-alice");
        subscribe(watcher, Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        TestSocket resuming = a.connect("on A, then away", "c-alice");
        subscribe(resuming, Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        publish(a, job, 5);
        List<JsonObject> before = resuming.nextEvents(job, 5, DELIVERY);
        String oldEpoch = before.get(4).getString("epoch");
        assertSeqs(watcher.nextEvents(job, 5, DELIVERY), 1, 5);
        a.close();

        redis.flushAll(); // Redis comes back empty: the job's seq starts again, in a new epoch
        publish(b, job, 3);

        List<JsonObject> afterFlush = watcher.nextEvents(job, 3, DELIVERY);
        assertSeqs(afterFlush, 1, 3);
        String newEpoch = afterFlush.get(0).getString("epoch");
        assertTrue(!newEpoch.equals(oldEpoch), "a seq that starts again is a new epoch: " + newEpoch);
        Gateway again = gateway(nodeB);
        try {
            TestSocket back = again.connect("back, on B", "c-alice");
            back.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", job)
                    .add("since", 5).add("epoch", oldEpoch).build());
            JsonObject reply = back.nextOfType("subscribed");
            assertEquals(false, reply.getBoolean("recovered"), reply.toString());
            assertEquals(newEpoch, reply.getString("epoch"), reply.toString());
            assertSeqs(back.nextEvents(job, 3, DELIVERY), 1, 3);
            publish(a = gateway(nodeA), job, 1);
            assertSeqs(back.nextEvents(job, 1, DELIVERY), 4, 4);
            assertSeqs(watcher.nextEvents(job, 1, DELIVERY), 4, 4);
        } finally {
            again.close();
        }
    }

    @Test
    @Order(6)
    void aNodeKilledWithKill9StopsCountingAgainstTheLimitWithinTheHeartbeatTimeout() throws Exception {
        gateways();
        for (int i = 0; i < 3; i++) {
            b.connect("onB-" + i, "c-node");
        }
        TestSocket refused = a.open("fourth", Auth.bearer("c-node"));
        assertEquals(4429, refused.awaitClose(Duration.ofSeconds(10)), "three are open on node B");
        // A live node renews its leases: its connections still count after more than a timeout.
        Thread.sleep(HEARTBEAT_TIMEOUT_MS * 2L);
        TestSocket stillRefused = a.open("fourth, later", Auth.bearer("c-node"));
        assertEquals(4429, stillRefused.awaitClose(Duration.ofSeconds(10)),
                "node B's three connections must still count " + 2 * HEARTBEAT_TIMEOUT_MS + " ms later");

        nodeB.kill();
        long killedAt = System.nanoTime();
        long waitedMs;
        while (true) {
            TestSocket attempt = a.open("after-kill", Auth.bearer("c-node"));
            String outcome = attempt.firstOutcome(Duration.ofSeconds(10));
            waitedMs = (System.nanoTime() - killedAt) / 1_000_000;
            if (outcome.equals("connected")) {
                break;
            }
            assertEquals("closed 4429", outcome);
            assertTrue(waitedMs < HEARTBEAT_TIMEOUT_MS * 3L, "still counted " + waitedMs + " ms after kill -9");
            Thread.sleep(200);
        }
        System.out.println("ClusterIT: a killed node's connections stopped counting after " + waitedMs + " ms"
                + " (jobs.heartbeat.timeout-ms = " + HEARTBEAT_TIMEOUT_MS + ")");
        assertTrue(waitedMs <= HEARTBEAT_TIMEOUT_MS + 1000,
                "stopped counting " + waitedMs + " ms after kill -9; the timeout is " + HEARTBEAT_TIMEOUT_MS + " ms");
        // Its last report ends 10 s after it was written.
        awaitOpsData(a, "node B gone from node A's operations data", data -> data.getJsonArray("nodes").size() == 1);
    }

    @Test
    @Order(7)
    void aNodeKilledMidJobLeavesItsStreamToResumeAndItsSilentJobToTheWatchdogOnTheOtherNode() throws Exception {
        nodeB.start(); // killed by the test before
        nodeB.awaitReadiness(200, BOOT);
        gateways();
        String job = jobId("killed-stream");
        EventStream onB = b.stream("stream on B", "jobId=" + job, Auth.bearer("c-streamer"));
        onB.next("connected");
        onB.next("subscribed");
        publish(a, job, 3);
        String lastId = onB.jobs(3).get(2).id();
        // A job that runs through node B with the watchdog on (1 s to stall), watched from node A.
        String orphan = jobId("orphan");
        TestSocket onA = a.connect("onA", "c-alice");
        subscribe(onA, Json.createObjectBuilder().add("type", "subscribe").add("jobId", orphan).build());
        watchedJob(b, orphan);
        publish(b, orphan, 1);
        onA.nextEvents(orphan, 2, DELIVERY);

        nodeB.kill(); // its sweeps with it, maybe in the middle of one: the lock's lease frees it
        publish(a, job, 2);
        EventStream resumed = a.stream("stream resumed on A", "jobId=" + job,
                Auth.bearer("c-streamer").withHeader("Last-Event-ID", lastId));
        resumed.next("connected");
        assertTrue(resumed.next("subscribed").data().getBoolean("recovered"));
        assertEquals(List.of(4, 5), resumed.jobs(2).stream().map(m -> m.data().getInt("seq")).toList());
        assertStalledThenLost(onA, orphan, 2, Duration.ofSeconds(30));
        onA.expectNoEventOf(orphan);
    }
}
