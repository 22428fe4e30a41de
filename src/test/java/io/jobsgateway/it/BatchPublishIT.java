package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.assertConsecutive;
import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.RedisServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code POST /api/events} (contract section 6, v1.1) from outside: one entry per element in
 * order, each job's events stored and delivered in order, every refusal found before anything is
 * stored, a job of another client refused in its place, and the limits of the single publish
 * (401 before the body, 413, 415, 429, {@code Idempotency-Key}) for a batch as one request. On a
 * single node, and again in cluster mode (the pom's second Failsafe run) on a Redis of its own.
 *
 * <p>{@code jobs.max-event-bytes} is 2048 here, so a whole batch may be 2,048,000 bytes; each
 * test has keys of its own, so that none meets another's publish rate.
 */
class BatchPublishIT extends DeployedGatewayTest {

    private static final int MAX_EVENT_BYTES = 2048;
    private static final int RATE = 20;
    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String ADMIN = KEYS.hashed("ops", null, "admin", "publish");
    private static final String GLOBEX = KEYS.plain("globex", null, "publish");

    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "jobs.api-keys.file", KEYS.write().toString(),
                "jobs.max-event-bytes", Integer.toString(MAX_EVENT_BYTES),
                "jobs.rate-limit.publish-per-second", Integer.toString(RATE)));
        if (Boolean.getBoolean("jobs.it.cluster")) {
            settings.put("jobs.redis.address", RedisServer.withAppendOnlyFile().address());
        }
        return Deployments.packagedWar(settings);
    }

    // ================================================================ stored and delivered

    private static final String ORDERLY = KEYS.plain("acme", null, "publish");
    private static final String WATCHER = KEYS.plain("acme", null);

    @Test
    void oneEntryPerElementInOrderAndEachJobsEventsReachSubscribersInOrder() {
        String a = newJobId("batch-a");
        String b = newJobId("batch-b");
        TestSocket socket = gateway.connect("client watcher", WATCHER);
        socket.send(json("type", "subscribe"));
        assertEquals("client:acme", socket.nextOfType("subscribed").getString("room"));
        double before = publishedOverHttp();

        HttpResponse<String> answer = post(ORDERLY, Json.createArrayBuilder()
                .add(json("jobId", a, "type", "job.created"))
                .add(json("jobId", b, "type", "job.created", "userId", "bob"))
                .add(json("jobId", a, "type", "job.progress", "data", json("progress", 50, "message", "half")))
                .add(json("jobId", b, "type", "job.failed", "data", json("error", "boom")))
                .add(json("jobId", a, "type", "job.completed"))
                .build().toString());

        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(answer(entry(a, 1), entry(b, 1), entry(a, 2), entry(b, 2), entry(a, 3)), Gateway.json(answer));
        List<JsonObject> ofA = socket.nextEvents(a, 3, TestSocket.WAIT);
        assertConsecutive("job a", ofA, 1);
        assertEquals(List.of("job.created pending {}", "job.progress processing {\"progress\":50,\"message\":\"half\"}",
                "job.completed completed {}"), summaries(ofA));
        List<JsonObject> ofB = socket.nextEvents(b, 2, TestSocket.WAIT);
        assertConsecutive("job b", ofB, 1);
        assertEquals(List.of("job.created pending {}", "job.failed failed {\"error\":\"boom\"}"), summaries(ofB));
        assertTrue(ofB.stream().allMatch(e -> "bob".equals(e.getString("userId")) && "acme".equals(e.getString("clientId"))),
                "the job's user and the key's client: " + ofB);
        assertEquals(5, publishedOverHttp() - before, "one count per stored event");
    }

    private static final String THOUSAND = KEYS.plain("acme", null, "publish");

    @Test
    void aThousandElementsOfAHundredJobsAreStoredEachJobInTheOrderGiven() {
        List<String> jobs = IntStream.range(0, 100).mapToObj(i -> newJobId("many-" + i)).toList();
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < 1000; i++) {
            batch.add(json("jobId", jobs.get(i % 100), "type", "job.progress", "data", json("progress", i / 100)));
        }

        HttpResponse<String> answer = post(THOUSAND, batch.build().toString());

        assertEquals(202, answer.statusCode(), answer.body());
        JsonArray entries = Gateway.json(answer).getJsonArray("events");
        assertEquals(1000, entries.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(entry(jobs.get(i % 100), i / 100 + 1), entries.get(i), "entry " + i);
        }
        for (String job : List.of(jobs.get(0), jobs.get(57), jobs.get(99))) {
            List<JsonObject> stored = history(job, THOUSAND);
            assertConsecutive(job, stored, 1);
            assertEquals(IntStream.range(0, 10).boxed().toList(),
                    stored.stream().map(e -> e.getJsonObject("data").getInt("progress")).toList(), job);
        }
    }

    // ================================================================ refused before anything is stored

    private static final String CARELESS = KEYS.plain("acme", null, "publish");

    @Test
    void theFirstMalformedElementIsNamedAndNothingIsStored() {
        String good = newJobId("before-bad");
        JsonObject fine = json("jobId", good, "type", "job.created");
        Map<String, Integer> bodies = new LinkedHashMap<>();
        bodies.put(array(fine, json("jobId", "b", "type", "job.dance"), json("type", 7)), 1);
        bodies.put(array(fine, fine, json("type", "job.created")), 2);
        bodies.put(array(fine, json("jobId", "bad id", "type", "job.created")), 1);
        bodies.put(array(fine, json("jobId", "", "type", "job.created")), 1);
        bodies.put("[" + fine + ",5]", 1);
        bodies.put(array(json("jobId", "b", "type", "job.progress", "data", "fifty")), 0);
        bodies.put(array(fine, json("jobId", "b", "type", "job.progress", "data", Json.createArrayBuilder().add(50).build())), 1);
        bodies.put(array(fine, json("jobId", "b", "type", "job.progress", "status", 5)), 1);
        bodies.put(array(fine, json("jobId", "b", "type", "job.progress", "userId", "bad user")), 1);
        bodies.put(array(fine, fine, fine, json("jobId", "b", "type", "job.progress", "clientId", 5)), 3);
        // A shape error is found before a permission error of an earlier element.
        bodies.put(array(json("jobId", good, "type", "job.created", "clientId", "globex"), json("jobId", 7, "type", "job.created")), 1);

        Map<String, String> messages = new LinkedHashMap<>();
        bodies.forEach((body, index) -> messages.put(body, "element " + index + ": "));
        assertEachIsABadRequest(CARELESS, messages, "malformed elements");
        assertNothingStored(good, CARELESS);
    }

    private static final String SHAPELESS = KEYS.plain("acme", null, "publish");

    @Test
    void aBodyThatIsNotAnArrayOfOneToAThousandObjectsIs400AndStoresNothing() {
        String job = newJobId("shapeless");
        JsonObject element = json("jobId", job, "type", "job.progress");
        String thousandAndOne = IntStream.range(0, 1001).mapToObj(i -> element.toString()).collect(Collectors.joining(",", "[", "]"));
        String deep = "[{\"jobId\":\"" + job + "\",\"type\":\"job.created\",\"data\":{\"x\":" + "[".repeat(50_000)
                + "]".repeat(50_000) + "}}]";
        List<String> bodies = List.of("", "not json", "[", element.toString(), "{}", "5", "null", "\"events\"", "[]",
                thousandAndOne, element + "," + element, deep);

        Map<String, String> messages = new LinkedHashMap<>();
        bodies.forEach(body -> messages.put(body, ""));
        assertEachIsABadRequest(SHAPELESS, messages, "bodies that are no batch");
        assertNothingStored(job, SHAPELESS);
    }

    private static final String ACME = KEYS.plain("acme", null, "publish");

    @Test
    void anElementForAJobOfAnotherClientIsForbiddenInItsPlaceAndTheOthersAreStored() {
        String ours = newJobId("ours");
        String theirs = newJobId("theirs");
        assertEquals(202, gateway.post("jobs/" + theirs + "/events", Auth.bearer(GLOBEX), "{\"type\":\"job.created\"}").statusCode());

        HttpResponse<String> answer = post(ACME, array(json("jobId", ours, "type", "job.created"),
                json("jobId", theirs, "type", "job.started"), json("jobId", ours, "type", "job.started")));

        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(answer(entry(ours, 1), json("jobId", theirs, "error", "forbidden"), entry(ours, 2)), Gateway.json(answer));
        assertEquals(2, history(ours, ACME).size());
        assertEquals(1, history(theirs, GLOBEX).size(), "nothing was added to globex's job");
    }

    private static final String NOT_ADMIN = KEYS.plain("acme", null, "publish");
    private static final String ALICE = KEYS.plain("acme", "alice", "publish");

    @Test
    void anotherClientNeedsAdminAndAnAdminsEventThatNamesNoneKeepsItsJobsOwner() {
        String job = newJobId("admin-rule");
        String forGlobex = newJobId("for-globex");
        String ownJob = newJobId("admins-own");

        assertError(post(NOT_ADMIN, array(json("jobId", job, "type", "job.created"),
                json("jobId", forGlobex, "type", "job.created", "clientId", "globex"))), 403, "forbidden", "element 1: ");
        assertError(post(ALICE, array(json("jobId", job, "type", "job.created", "userId", "bob"))), 403, "forbidden", "element 0: ");
        assertNothingStored(job, NOT_ADMIN);
        assertNothingStored(forGlobex, ADMIN);

        HttpResponse<String> answer = post(ADMIN, array(json("jobId", forGlobex, "type", "job.created", "clientId", "globex"),
                json("jobId", forGlobex, "type", "job.started"), json("jobId", ownJob, "type", "job.created")));
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(answer(entry(forGlobex, 1), entry(forGlobex, 2), entry(ownJob, 1)), Gateway.json(answer));
        assertEquals(List.of("globex", "globex"), history(forGlobex, GLOBEX).stream().map(e -> e.getString("clientId")).toList(),
                "the second event named no client and kept the one the first gave the job");
        assertEquals("ops", history(ownJob, ADMIN).get(0).getString("clientId"), "a new job naming none is the admin's own");
    }

    // ================================================================ the limits of every request

    private static final String VIEWER = KEYS.plain("acme", null);
    private static final String GUARDED = KEYS.plain("acme", null, "publish");

    @Test
    void aBatchIsAuthenticatedBeforeItsBodyIsReadAndNeedsThePublishScope() {
        String job = newJobId("unauthenticated");
        String valid = array(json("jobId", job, "type", "job.created"));
        String overTheLimit = array(json("jobId", job, "type", "job.created", "data", json("x", "a".repeat(2_100_000))));

        assertAll(
                () -> assertError(gateway.post("events", Auth.none(), valid), 401, "unauthorized", ""),
                () -> assertError(gateway.post("events", Auth.bearer(GUARDED + "x"), overTheLimit), 401, "unauthorized", ""),
                () -> assertError(gateway.post("events", Auth.apiKeyHeader("nope"), "not json"), 401, "unauthorized", ""),
                () -> assertError(post(VIEWER, valid), 403, "forbidden", ""));
        assertNothingStored(job, GUARDED);
    }

    private static final String BULKY = KEYS.plain("acme", null, "publish");

    @Test
    void theBodyMayBeAThousandTimesMaxEventBytesAndEachElementsEventMustFitIt() {
        String job = newJobId("too-large");
        JsonObject fine = json("jobId", job, "type", "job.created");
        String overTheLimit = array(fine, json("jobId", job, "type", "job.progress", "data", json("x", "a".repeat(2_048_000))));
        // Under the limit as an element, over it as the stored event (seq, epoch and owner added).
        JsonObject justUnder = json("jobId", job, "type", "job.progress", "data", json("x", "a".repeat(1_900)));
        assertTrue(justUnder.toString().length() < MAX_EVENT_BYTES, "the element itself fits: " + justUnder.toString().length());

        assertError(post(BULKY, overTheLimit), 413, "too_large", "");
        assertError(post(BULKY, array(fine, json("jobId", job, "type", "job.progress", "data", json("x", "a".repeat(3_000))))),
                413, "too_large", "element 1: ");
        assertError(post(BULKY, array(fine, fine, justUnder)), 413, "too_large", "element 2: ");
        assertNothingStored(job, BULKY);
        String nearlyAllowed = IntStream.range(0, 1000).mapToObj(i -> json("jobId", job, "type", "job.progress",
                "data", json("x", "a".repeat(1_500))).toString()).collect(Collectors.joining(",", "[", "]"));
        assertTrue(nearlyAllowed.length() > 1_500_000 && nearlyAllowed.length() < 1000 * MAX_EVENT_BYTES, "" + nearlyAllowed.length());
        HttpResponse<String> large = post(BULKY, nearlyAllowed);
        assertEquals(202, large.statusCode(), large.body());
    }

    private static final String TYPED = KEYS.plain("acme", null, "publish");

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIs415AndNoneIsTakenAsJson() {
        String job = newJobId("content-type");

        assertError(gateway.postAs("events", Auth.bearer(TYPED), "text/plain", array(json("jobId", job, "type", "job.created"))),
                415, "unsupported_media_type", "");
        assertNothingStored(job, TYPED);
        HttpResponse<String> json = gateway.postAs("events", Auth.bearer(TYPED), "application/json; charset=utf-8",
                array(json("jobId", job, "type", "job.created")));
        assertEquals(202, json.statusCode(), json.body());
        HttpResponse<String> none = gateway.postAs("events", Auth.bearer(TYPED), null, array(json("jobId", job, "type", "job.started")));
        assertEquals(202, none.statusCode(), "no Content-Type is taken as JSON: " + none.body());
        assertEquals(2, history(job, TYPED).size());
    }

    private static final String HASTY = KEYS.plain("hasty", null, "publish");

    @Test
    void aBatchIsOneRequestForThePublishRateAndPastItA429WithRetryAfter() {
        String job = newJobId("hasty");
        String many = IntStream.range(0, RATE + 10).mapToObj(i -> json("jobId", job, "type", "job.progress").toString())
                .collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> first = post(HASTY, many);
        assertEquals(202, first.statusCode(), "more elements than the rate, but one request: " + first.body());

        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 3 * RATE; i++) {
            requests.add(gateway.postAsync("events", Auth.bearer(HASTY), "[]"));
        }
        List<HttpResponse<String>> answers = requests.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertFalse(limited.isEmpty(), "60 requests at once, 20 a second allowed: some must be refused");
        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 400 || r.statusCode() == 429),
                "400 for the empty batch unless refused first: " + answers.stream().map(HttpResponse::statusCode).distinct().toList());
        assertError(limited.get(0), 429, "rate_limited", "");
        assertEquals("1", limited.get(0).headers().firstValue("Retry-After").orElse(null), "the seconds until the next one");
    }

    private static final String RETRYING = KEYS.plain("acme", null, "publish");

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndStoresNothingAgain() {
        String a = newJobId("idempotent-a");
        String b = newJobId("idempotent-b");
        String body = array(json("jobId", a, "type", "job.created"), json("jobId", b, "type", "job.created"),
                json("jobId", a, "type", "job.started"));

        HttpResponse<String> first = gateway.postOnce("events", Auth.bearer(RETRYING), "batch-1", body);
        HttpResponse<String> again = gateway.postOnce("events", Auth.bearer(RETRYING), "batch-1", body);

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, again.statusCode(), again.body());
        assertEquals(Gateway.json(first), Gateway.json(again), "the first answer, seqs included");
        assertEquals(2, history(a, RETRYING).size(), "stored once");
        assertEquals(1, history(b, RETRYING).size(), "stored once");
        HttpResponse<String> other = gateway.postOnce("events", Auth.bearer(RETRYING), "batch-2", body);
        assertEquals(answer(entry(a, 3), entry(b, 2), entry(a, 4)),
                Gateway.json(other), "another key is another request");
        assertError(gateway.postOnce("events", Auth.bearer(RETRYING), "not a key!", body), 400, "bad_request", "");
    }

    // ================================================================ helpers

    private HttpResponse<String> post(String key, String body) {
        return gateway.post("events", Auth.bearer(key), body);
    }

    private static String array(JsonValue... elements) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonValue element : elements) {
            array.add(element);
        }
        return array.build().toString();
    }

    private static JsonObject answer(JsonObject... entries) {
        return json("events", Json.createArrayBuilder(List.of(entries)).build());
    }

    private static JsonObject entry(String jobId, long seq) {
        return json("jobId", jobId, "seq", seq);
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String messageStart) {
        String what = response.request().uri() + " answered " + response.statusCode() + " " + response.body();
        assertEquals(status, response.statusCode(), what);
        JsonObject error = Gateway.json(response);
        assertEquals(code, error.getString("error", null), what);
        assertTrue(error.getString("message", "").startsWith(messageStart) && !error.getString("message").isBlank(),
                "the message must start with '" + messageStart + "': " + what);
    }

    /** Posts each body with {@code key}: each must be 400 {@code bad_request}, its message starting as mapped. */
    private void assertEachIsABadRequest(String key, Map<String, String> messageStarts, String what) {
        List<Executable> checks = new ArrayList<>();
        messageStarts.forEach((body, start) -> {
            HttpResponse<String> response = post(key, body);
            checks.add(() -> assertError(response, 400, "bad_request", start));
        });
        assertAll(what, checks);
    }

    private List<JsonObject> history(String job, String key) {
        HttpResponse<String> response = gateway.get("jobs/" + job + "/history", Auth.bearer(key));
        assertEquals(200, response.statusCode(), "history of " + job + ": " + response.body());
        return Gateway.json(response).getJsonArray("events").getValuesAs(JsonObject.class);
    }

    private void assertNothingStored(String job, String key) {
        HttpResponse<String> response = gateway.get("jobs/" + job + "/history", Auth.bearer(key));
        assertEquals(404, response.statusCode(), "nothing of " + job + " may have been stored: " + response.body());
    }

    private static List<String> summaries(List<JsonObject> events) {
        return events.stream().map(e -> e.getString("type") + " " + e.getString("status") + " " + e.getJsonObject("data")).toList();
    }

    /** {@code jobs_gateway_events_published_total{source="http"}} of this node. */
    private double publishedOverHttp() {
        HttpResponse<String> scraped = gateway.metrics(Auth.none());
        assertEquals(200, scraped.statusCode(), scraped.body());
        return MetricsIT.parse(scraped.body()).get("jobs_gateway_events_published_total{source=\"http\"}");
    }
}
