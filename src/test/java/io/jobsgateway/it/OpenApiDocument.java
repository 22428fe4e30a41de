package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OpenAPI document that MicroProfile OpenAPI serves at {@code /openapi} (as JSON), checked
 * against the HTTP API of the contract (sections 6 and 8): every path and method with the statuses
 * it answers, request and answer schemas with their fields (not a bare {@code type: object}), the
 * error body on every error, the headers the contract names and the key's security schemes.
 */
final class OpenApiDocument {

    /** Path, method and the statuses the document must give it: the contract's, and the code's 409 and 503. */
    private static final Map<String, Map<String, Set<String>>> OPERATIONS = Map.ofEntries(
            Map.entry("/api/jobs/{jobId}/events", Map.of("post", Set.of("202", "400", "401", "403", "409", "413", "415", "429", "503"))),
            Map.entry("/api/events", Map.of("post", Set.of("202", "400", "401", "403", "409", "413", "415", "429", "503"))),
            Map.entry("/api/jobs/{jobId}/history", Map.of("get", Set.of("200", "400", "401", "404", "429", "503"))),
            Map.entry("/api/messages", Map.of("post", Set.of("202", "400", "401", "403", "409", "413", "415", "429", "503"))),
            Map.entry("/api/demo/jobs", Map.of("post", Set.of("202", "400", "401", "403", "404", "413", "415", "429"))),
            Map.entry("/api/demo/batch-jobs", Map.of("post", Set.of("202", "400", "401", "403", "404", "413", "415", "429"))),
            Map.entry("/api/tickets", Map.of("post", Set.of("201", "401", "429", "503"))),
            Map.entry("/api/poll", Map.of("get", Set.of("200", "400", "401", "403", "429", "503"))),
            Map.entry("/api/stream", Map.of("get", Set.of("200", "400", "401", "403", "429", "503"))),
            Map.entry("/health/ready", Map.of("get", Set.of("200", "503"))),
            Map.entry("/health/live", Map.of("get", Set.of("200", "503"))));

    private static final Set<String> JOB_EVENT = Set.of("type", "jobId", "seq", "epoch", "status", "timestamp",
            "clientId", "userId", "data", "replaced");

    private final JsonObject document;
    private final Map<String, JsonObject> paths = new LinkedHashMap<>();

    /**
     * @param answer      the answer to {@code GET /openapi?format=JSON}
     * @param contextPath the deployment's context root, such as {@code /jobs-gateway} ({@code ""} at
     *                    {@code /}): a server may name the paths with it or leave it to its servers entry
     */
    OpenApiDocument(HttpResponse<String> answer, String contextPath) {
        assertEquals(200, answer.statusCode(), "GET /openapi: " + answer.body());
        document = Gateway.json(answer);
        document.getJsonObject("paths").forEach((path, item) -> paths.put(
                !contextPath.isEmpty() && path.startsWith(contextPath + "/") ? path.substring(contextPath.length()) : path,
                item.asJsonObject()));
    }

    /** Every check of the class; each failure names the path, method and part. */
    void assertDescribesTheHttpApi() {
        assertEveryRefResolves();
        assertNoImpossibleConstraint();
        assertOperationsAndStatuses();
        assertRequestSchemas();
        assertAnswerSchemas();
        assertParameters();
        assertSecurity();
    }

    private void assertOperationsAndStatuses() {
        for (var path : OPERATIONS.entrySet()) {
            JsonObject item = paths.get(path.getKey());
            assertTrue(item != null, "no path " + path.getKey() + " in the document; it has " + paths.keySet());
            for (var method : path.getValue().entrySet()) {
                JsonObject operation = item.getJsonObject(method.getKey());
                assertTrue(operation != null, method.getKey() + " " + path.getKey() + " is not in the document: " + item);
                assertEquals(new TreeSet<>(method.getValue()), new TreeSet<>(operation.getJsonObject("responses").keySet()),
                        "statuses of " + method.getKey() + " " + path.getKey());
            }
        }
    }

    private void assertRequestSchemas() {
        assertProperties(requestSchema("/api/jobs/{jobId}/events", "post"), Set.of("type", "data", "status", "userId", "clientId"),
                "the body of POST /api/jobs/{jobId}/events");
        assertEquals(List.of("job.created", "job.started", "job.progress", "job.updated", "job.completed", "job.failed"),
                strings(requestSchema("/api/jobs/{jobId}/events", "post").getJsonObject("properties")
                        .getJsonObject("type").getJsonArray("enum")), "the event types of a publish");
        JsonObject batch = requestSchema("/api/events", "post");
        assertEquals(1, batch.getInt("minItems", 0), "a batch has at least one element: " + batch);
        assertEquals(1000, batch.getInt("maxItems", 0), "a batch has at most 1000 elements: " + batch);
        assertProperties(items(batch), Set.of("jobId", "type", "data", "status", "userId", "clientId"), "an element of POST /api/events");
        assertProperties(requestSchema("/api/messages", "post"), Set.of("event", "data", "userId"), "the body of POST /api/messages");
        assertProperties(requestSchema("/api/demo/jobs", "post"), Set.of("steps", "stepMillis", "failAtStep"),
                "the body of POST /api/demo/jobs");
        assertProperties(requestSchema("/api/demo/batch-jobs", "post"), Set.of("rows"), "the body of POST /api/demo/batch-jobs");
    }

    private void assertAnswerSchemas() {
        assertProperties(answerSchema("/api/jobs/{jobId}/events", "post", "202"), Set.of("jobId", "seq"), "202 of a publish");
        JsonObject batch = answerSchema("/api/events", "post", "202");
        assertProperties(batch, Set.of("events"), "202 of a batch");
        assertProperties(items(batch.getJsonObject("properties").getJsonObject("events")), Set.of("jobId", "seq", "error"),
                "an entry of a batch's answer");
        JsonObject history = answerSchema("/api/jobs/{jobId}/history", "get", "200");
        assertProperties(history, Set.of("jobId", "events"), "200 of a history");
        assertProperties(items(history.getJsonObject("properties").getJsonObject("events")), JOB_EVENT, "an event of a history");
        assertEquals("object", answerSchema("/api/messages", "post", "202").getString("type", null), "202 of a message");
        assertProperties(answerSchema("/api/tickets", "post", "201"), Set.of("ticket", "expiresInSeconds"), "201 of a ticket");
        assertProperties(answerSchema("/api/demo/jobs", "post", "202"), Set.of("jobId"), "202 of a demo job");
        assertProperties(answerSchema("/api/demo/batch-jobs", "post", "202"), Set.of("jobId"), "202 of a demo batch job");
        JsonObject poll = answerSchema("/api/poll", "get", "200");
        assertProperties(poll, Set.of("events", "positions", "recovered"), "200 of a poll");
        assertProperties(items(poll.getJsonObject("properties").getJsonObject("events")), JOB_EVENT, "an event of a poll");
        assertProperties(answerSchema("/health/ready", "get", "200"), Set.of("status", "checks"), "200 of /health/ready");
        for (var path : OPERATIONS.entrySet()) {
            for (var method : path.getValue().entrySet()) {
                for (String status : method.getValue()) {
                    if (status.compareTo("400") >= 0 && !path.getKey().startsWith("/health")) {
                        assertProperties(answerSchema(path.getKey(), method.getKey(), status), Set.of("error", "message"),
                                status + " of " + method.getKey() + " " + path.getKey());
                    }
                }
            }
        }
    }

    private void assertParameters() {
        assertTrue(parameterNames("/api/jobs/{jobId}/events", "post").containsAll(List.of("jobId", "Idempotency-Key")),
                "parameters of a publish: " + parameterNames("/api/jobs/{jobId}/events", "post"));
        assertTrue(parameterNames("/api/events", "post").contains("Idempotency-Key"),
                "parameters of a batch: " + parameterNames("/api/events", "post"));
        assertTrue(parameterNames("/api/messages", "post").contains("Idempotency-Key"),
                "parameters of a message: " + parameterNames("/api/messages", "post"));
        assertTrue(parameterNames("/api/jobs/{jobId}/history", "get").containsAll(List.of("jobId", "limit", "since")),
                "parameters of a history: " + parameterNames("/api/jobs/{jobId}/history", "get"));
        assertTrue(parameterNames("/api/poll", "get").containsAll(List.of("jobId", "since", "epoch", "wait")),
                "parameters of a poll: " + parameterNames("/api/poll", "get"));
        assertTrue(parameterNames("/api/stream", "get").containsAll(List.of("jobId", "client", "userId", "all", "Last-Event-ID")),
                "parameters of a stream: " + parameterNames("/api/stream", "get"));
        JsonObject retryAfter = operation("/api/jobs/{jobId}/events", "post").getJsonObject("responses")
                .getJsonObject("429").getJsonObject("headers");
        assertTrue(retryAfter != null && retryAfter.containsKey("Retry-After"), "429 of a publish names Retry-After");
    }

    private void assertSecurity() {
        JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
        assertTrue(schemes != null, "no security schemes in the document");
        assertEquals("bearer", schemes.getJsonObject("bearer").getString("scheme"), "the bearer scheme: " + schemes);
        assertEquals("X-API-Key", schemes.getJsonObject("apiKey").getString("name"), "the X-API-Key scheme: " + schemes);
        assertEquals("header", schemes.getJsonObject("apiKey").getString("in"), "the X-API-Key scheme: " + schemes);
        assertEquals("cookie", schemes.getJsonObject("login").getString("in"), "the login scheme: " + schemes);
        assertEquals("query", schemes.getJsonObject("ticket").getString("in"), "the ticket scheme: " + schemes);
        for (var path : OPERATIONS.keySet()) {
            if (path.startsWith("/api/")) {
                String method = OPERATIONS.get(path).keySet().iterator().next();
                List<String> alternatives = operation(path, method).getJsonArray("security").stream()
                        .flatMap(requirement -> requirement.asJsonObject().keySet().stream()).toList();
                assertTrue(alternatives.containsAll(List.of("bearer", "apiKey")), method + " " + path + " security: " + alternatives);
            }
        }
    }

    /** Every {@code $ref} of the document names a component it has. */
    private void assertEveryRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        List<String> dangling = refs.stream().filter(ref -> lookUp(ref) == null).toList();
        assertTrue(dangling.isEmpty(), "$refs to nothing: " + dangling);
    }

    /**
     * No schema forbids what the API sends (Payara writes an annotation's unset members with their
     * defaults, {@code maxProperties: 0} and the like, unless quirks.PayaraOpenApi removes them), no
     * path parameter is optional, and no GET takes a body.
     */
    private void assertNoImpossibleConstraint() {
        List<String> impossible = new ArrayList<>();
        collectImpossible(document, "#", impossible);
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!(operation instanceof JsonObject op)) {
                return;
            }
            if (method.equals("get") && op.containsKey("requestBody")) {
                impossible.add("GET " + path + " takes a request body");
            }
            var parameters = op.getJsonArray("parameters");
            if (parameters != null) {
                parameters.stream().map(JsonValue::asJsonObject)
                        .filter(p -> "path".equals(p.getString("in", null)) && !p.getBoolean("required", false))
                        .forEach(p -> impossible.add(method + " " + path + ": path parameter " + p.getString("name") + " not required"));
            }
        }));
        assertTrue(impossible.isEmpty(), String.join("\n", impossible));
    }

    private static void collectImpossible(JsonValue value, String at, List<String> impossible) {
        if (value instanceof JsonObject object) {
            if (object.containsKey("type") || object.containsKey("properties")) {
                if (object.getInt("maxProperties", -1) == 0) {
                    impossible.add(at + ": maxProperties 0");
                }
                if (object.containsKey("maxItems") && object.getInt("maxItems") < 0) {
                    impossible.add(at + ": maxItems " + object.getInt("maxItems"));
                }
                if (object.containsKey("multipleOf") && object.getJsonNumber("multipleOf").doubleValue() <= 0) {
                    impossible.add(at + ": multipleOf " + object.get("multipleOf"));
                }
                if (object.getInt("minItems", 0) > object.getInt("maxItems", Integer.MAX_VALUE - 1)) {
                    impossible.add(at + ": minItems above maxItems");
                }
            }
            object.forEach((name, member) -> collectImpossible(member, at + "/" + name, impossible));
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            var array = value.asJsonArray();
            for (int i = 0; i < array.size(); i++) {
                collectImpossible(array.get(i), at + "/" + i, impossible);
            }
        }
    }

    private JsonObject operation(String path, String method) {
        return paths.get(path).getJsonObject(method);
    }

    private JsonObject requestSchema(String path, String method) {
        JsonObject body = operation(path, method).getJsonObject("requestBody");
        assertTrue(body != null, method + " " + path + " has no requestBody");
        return jsonSchema(body, method + " " + path + " requestBody");
    }

    private JsonObject answerSchema(String path, String method, String status) {
        return jsonSchema(operation(path, method).getJsonObject("responses").getJsonObject(status),
                status + " of " + method + " " + path);
    }

    private JsonObject jsonSchema(JsonObject withContent, String what) {
        JsonObject content = withContent.getJsonObject("content");
        assertTrue(content != null && content.containsKey("application/json"), what + " has no application/json content: " + withContent);
        JsonObject schema = content.getJsonObject("application/json").getJsonObject("schema");
        assertTrue(schema != null, what + " has no schema: " + withContent);
        return resolve(schema);
    }

    private JsonObject items(JsonObject arraySchema) {
        JsonObject resolved = resolve(arraySchema);
        assertEquals("array", resolved.getString("type", null), "not an array: " + arraySchema);
        return resolve(resolved.getJsonObject("items"));
    }

    private List<String> parameterNames(String path, String method) {
        var parameters = operation(path, method).getJsonArray("parameters");
        return parameters == null ? List.of() : parameters.stream()
                .map(parameter -> resolve(parameter.asJsonObject()).getString("name")).toList();
    }

    private JsonObject resolve(JsonObject schema) {
        JsonObject resolved = schema;
        for (int hops = 0; resolved.containsKey("$ref"); hops++) {
            if (hops > 5) {
                fail("$refs in a loop: " + schema);
            }
            resolved = lookUp(resolved.getString("$ref"));
            assertTrue(resolved != null, "$ref to nothing: " + schema);
        }
        return resolved;
    }

    private static void assertProperties(JsonObject schema, Set<String> expected, String what) {
        JsonObject properties = schema.getJsonObject("properties");
        assertTrue(properties != null, what + ": a schema without properties: " + schema);
        assertEquals(new TreeSet<>(expected), new TreeSet<>(properties.keySet()), what + ": the properties of " + schema);
    }

    private JsonObject lookUp(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonValue at = document;
        for (String part : ref.substring(2).split("/")) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (!(at instanceof JsonObject object) || !object.containsKey(name)) {
                return null;
            }
            at = object.get(name);
        }
        return at instanceof JsonObject object ? object : null;
    }

    private static void collectRefs(JsonValue value, List<String> refs) {
        if (value instanceof JsonObject object) {
            object.forEach((name, member) -> {
                if (name.equals("$ref") && member instanceof JsonString ref) {
                    refs.add(ref.getString());
                } else {
                    collectRefs(member, refs);
                }
            });
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(member -> collectRefs(member, refs));
        }
    }

    private static List<String> strings(jakarta.json.JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
