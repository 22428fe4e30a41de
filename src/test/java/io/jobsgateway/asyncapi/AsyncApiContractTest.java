package io.jobsgateway.asyncapi;

import static io.jobsgateway.asyncapi.AsyncApiContract.Direction.CLIENT_TO_SERVER;
import static io.jobsgateway.asyncapi.AsyncApiContract.Direction.SERVER_TO_CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.asyncapi.AsyncApiContract.Direction;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.json.Json;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code src/docs/asyncapi.yaml} against itself and against the code: every message has a schema
 * and a sender, every example fits, every message the server's code builds fits, and every
 * type, error code and close code the code has is in the document (and nothing else is).
 */
class AsyncApiContractTest {

    private static final AsyncApiContract CONTRACT = AsyncApiContract.project();
    private static final String NOW = Timestamps.format(Instant.now());
    private static final String EPOCH = "0k3x9q2a";

    private final WireFormat wire = new WireFormat();

    // ================================================================ the document

    @Test
    void everyMessageOfTheChannelHasASenderAndEveryComponentIsInTheChannel() {
        JsonNode document = CONTRACT.document();
        assertEquals("3.0.0", document.path("asyncapi").asString());
        Set<String> inChannel = new TreeSet<>();
        for (Map.Entry<String, JsonNode> message : document.at("/channels/jobs/messages").properties()) {
            inChannel.add(message.getValue().path("$ref").asString().replace("#/components/messages/", ""));
        }
        Set<String> components = new TreeSet<>(document.at("/components/messages").propertyNames());
        assertEquals(components, inChannel, "the /jobs channel lists every message of components/messages");

        Set<String> sent = new TreeSet<>();
        for (Direction direction : Direction.values()) {
            CONTRACT.messages(direction).values().forEach(message -> sent.add(message.key()));
        }
        assertEquals(components, sent, "every message is in an operation: sent by the server or by a client");
    }

    @Test
    void everyExampleFitsItsMessageAndEveryMessageHasOne() {
        List<String> problems = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (AsyncApiContract.Message message : CONTRACT.messages(direction).values()) {
                JsonNode examples = message.node().path("examples");
                if (examples.isEmpty()) {
                    problems.add(message.key() + " has no example");
                }
                for (JsonNode example : examples) {
                    List<String> violations = CONTRACT.violations(direction, example.path("payload").toString());
                    if (!violations.isEmpty()) {
                        problems.add(message.key() + " example '" + example.path("name").asString() + "': " + violations);
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ================================================================ the code

    /** One of each message the server's code builds, the way the endpoint and the fan-out build them. */
    private Map<Class<?>, List<String>> serverMessagesOfTheCode() {
        Map<Class<?>, List<String>> built = new LinkedHashMap<>();
        built.put(Messages.Connected.class, List.of(
                wire.toJson(new Messages.Connected("5f0c7c2e", "acme", "alice", 30_000, 60_000, NOW)),
                wire.toJson(new Messages.Connected("5f0c7c2f", "acme", null, 500, 2_000, NOW))));
        built.put(Messages.RoomReply.class, List.of(
                wire.toJson(new Messages.RoomReply("subscribed", "job:report-42", "report-42", null, null, null)),
                wire.toJson(new Messages.RoomReply("subscribed", "job:report-42", "report-42", true, EPOCH,
                        Json.createValue("resume-1"))),
                wire.toJson(new Messages.RoomReply("subscribed", "job:new-job", "new-job", false, null, Json.createValue(3))),
                wire.toJson(new Messages.RoomReply("subscribed", "client:acme", null, null, null, null)),
                wire.toJson(new Messages.RoomReply("subscribed", "user:alice", null, null, null, Json.createValue(1.5))),
                wire.toJson(new Messages.RoomReply("subscribed", "all-jobs", null, null, null, null)),
                wire.toJson(new Messages.RoomReply("unsubscribed", "job:report-42", null, null, null, Json.createValue(8)))));
        built.put(Messages.Error.class, List.of(
                wire.toJson(new Messages.Error("bad_request", "not JSON", null)),
                wire.toJson(new Messages.Error("forbidden", "all-jobs needs an API key with the admin scope",
                        Json.createValue("everything")))));
        built.put(Messages.Ping.class, List.of(wire.toJson(new Messages.Ping(NOW))));
        built.put(Messages.UserMessage.class, List.of(
                wire.toJson(new Messages.UserMessage("maintenance", Json.createObjectBuilder().add("at", "22:00").build(), NOW)),
                wire.toJson(new Messages.UserMessage("quota", Json.createObjectBuilder().build(), NOW))));
        List<String> events = jobEventsOfTheCode();
        built.put(JobEvent.class, events);
        // The record that describes a job event for the OpenAPI document; the bytes are the job log's (MessagesTest).
        built.put(Messages.JobEventMessage.class, events);
        built.put(WireFormat.class, List.of(
                wire.history("report-42", events.subList(0, 3), Json.createValue(9)),
                wire.history("unknown-job", List.of(), null)));
        return built;
    }

    /** Every type of job event as the Java API makes it, with and without a user, as the job log assembles it. */
    private List<String> jobEventsOfTheCode() {
        List<JobEvent> events = List.of(
                JobEvent.created("report-42"),
                JobEvent.started("report-42"),
                JobEvent.progress("report-42", 50, "Executing action 2 of 4: click", "click"),
                JobEvent.progress("report-42", 60, null, null),
                JobEvent.updated("report-42", "waiting-for-approval", Map.of("approver", "bob")),
                JobEvent.of(JobEventType.UPDATED, "report-42", null, null),
                JobEvent.completed("report-42", Map.of("pages", 10), List.of("report-42.pdf")),
                JobEvent.failed("report-42", "step_failed", "Step 3 of 4 failed"));
        assertEquals(Set.of(JobEventType.values()), events.stream().map(JobEvent::type).collect(Collectors.toSet()),
                "a sample of every JobEventType");
        List<String> json = new ArrayList<>();
        long seq = 1;
        for (JobEvent event : events) {
            json.add(wire.jobEventParts(event).assemble(seq++, EPOCH, "acme", seq % 2 == 0 ? "alice" : null));
        }
        return json;
    }

    @Test
    void everyMessageTheServerCodeBuildsFitsTheDocument() {
        List<String> problems = new ArrayList<>();
        for (List<String> messages : serverMessagesOfTheCode().values()) {
            for (String message : messages) {
                List<String> violations = CONTRACT.violations(SERVER_TO_CLIENT, message);
                if (!violations.isEmpty()) {
                    problems.add(message + "\n  " + String.join("\n  ", violations));
                }
            }
        }
        assertTrue(problems.isEmpty(), "server messages outside asyncapi.yaml:\n" + String.join("\n", problems));
    }

    @Test
    void everyServerMessageOfTheCodeIsInTheDocumentAndNoOther() {
        Set<Class<?>> records = Arrays.stream(Messages.class.getDeclaredClasses()).filter(Class::isRecord)
                .collect(Collectors.toSet());
        Map<Class<?>, List<String>> built = serverMessagesOfTheCode();
        assertTrue(built.keySet().containsAll(records),
                "a message record without a sample here, so without a check against asyncapi.yaml: " + records);

        Set<String> typesOfTheCode = new TreeSet<>();
        built.values().forEach(messages -> messages.forEach(message -> typesOfTheCode.add(typeOf(message))));
        Arrays.stream(JobEventType.values()).forEach(type -> typesOfTheCode.add(type.wireName()));
        assertEquals(typesOfTheCode, new TreeSet<>(CONTRACT.types(SERVER_TO_CLIENT)),
                "the types the server's code sends, and those asyncapi.yaml says it sends");
    }

    @Test
    void everyRequestTheEndpointParsesIsInTheDocumentAndNoOther() throws IOException {
        String parser = Files.readString(Path.of("src/main/java/io/jobsgateway/endpoint/RequestParser.java"));
        Set<String> parsed = new TreeSet<>();
        Matcher cases = Pattern.compile("case \"([a-z]+)\" ->").matcher(parser);
        while (cases.find()) {
            parsed.add(cases.group(1));
        }
        assertFalse(parsed.isEmpty(), "RequestParser's switch over the request types was not found");
        assertEquals(parsed, new TreeSet<>(CONTRACT.types(CLIENT_TO_SERVER)));
    }

    @Test
    void everyErrorCodeTheEndpointAnswersIsInTheDocumentAndNoOther() throws IOException {
        // The codes are literals at the calls of Requests.error(connection, code, message, id).
        String requests = Files.readString(Path.of("src/main/java/io/jobsgateway/endpoint/Requests.java"));
        Set<String> answered = new TreeSet<>();
        Matcher calls = Pattern.compile("error\\(connection,(.*?)\\);", Pattern.DOTALL).matcher(requests);
        while (calls.find()) {
            Matcher code = Pattern.compile("\"([a-z]+(?:_[a-z]+)*)\"").matcher(calls.group(1));
            while (code.find()) {
                answered.add(code.group(1));
            }
        }
        assertFalse(answered.isEmpty(), "no error(connection, \"code\", ...) call found in Requests.java");
        Set<String> documented = new TreeSet<>();
        CONTRACT.document().at("/components/schemas/Error/properties/code/enum")
                .forEach(code -> documented.add(code.asString()));
        assertEquals(answered, documented);
    }

    @Test
    void everyCloseCodeOfTheEndpointIsInTheDocumentAndNoOther() throws ReflectiveOperationException {
        Class<?> closeCodes = Class.forName("io.jobsgateway.endpoint.CloseCodes");
        Field code = closeCodes.getDeclaredField("code");
        code.setAccessible(true);
        Set<Integer> ofTheCode = new TreeSet<>();
        for (Object constant : closeCodes.getEnumConstants()) {
            ofTheCode.add(code.getInt(constant));
        }
        Set<Integer> documented = new TreeSet<>();
        CONTRACT.document().at("/channels/jobs/x-close-codes").forEach(entry -> documented.add(entry.path("code").asInt()));
        assertEquals(ofTheCode, documented);
    }

    // ================================================================ the validator

    @Test
    void aServerFrameOfTheWrongShapeDoesNotFit() {
        String event = "{\"type\":\"job.progress\",\"jobId\":\"J\",\"seq\":%s,\"epoch\":\"" + EPOCH + "\",\"status\":\"processing\","
                + "\"timestamp\":\"2026-01-01T00:00:05.000Z\",\"clientId\":\"acme\",\"data\":{}%s}";
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("not JSON", "hello");
        frames.put("not an object", "[{\"type\":\"ping\"}]");
        frames.put("text after the object", "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:30.000Z\"}x");
        frames.put("a member twice", "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:30.000Z\",\"type\":\"ping\"}");
        frames.put("no type", "{\"timestamp\":\"2026-01-01T00:00:30.000Z\"}");
        frames.put("an unknown type", "{\"type\":\"dance\"}");
        frames.put("a client's type", "{\"type\":\"pong\"}");
        frames.put("a missing member", "{\"type\":\"connected\",\"connectionId\":\"c\",\"clientId\":\"acme\"}");
        frames.put("a member the contract does not have", "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:30.000Z\",\"x\":1}");
        frames.put("a timestamp that is not ISO-8601", "{\"type\":\"ping\",\"timestamp\":\"yesterday\"}");
        frames.put("a timestamp without milliseconds", "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:30Z\"}");
        frames.put("an unknown error code", "{\"type\":\"error\",\"code\":\"oops\",\"message\":\"x\"}");
        frames.put("an error without message", "{\"type\":\"error\",\"code\":\"forbidden\"}");
        frames.put("seq 0", String.format(event, "0", ""));
        frames.put("seq as a string", String.format(event, "\"7\"", ""));
        frames.put("no epoch", String.format(event, "7", "").replace(",\"epoch\":\"" + EPOCH + "\"", ""));
        frames.put("replaced 0", String.format(event, "7", ",\"replaced\":0"));
        frames.put("replaced on another type", String.format(event, "7", ",\"replaced\":2").replace("job.progress", "job.created"));
        frames.put("a history request as a reply", "{\"type\":\"history\",\"jobId\":\"J\"}");
        frames.put("a stored event with replaced", "{\"type\":\"history\",\"jobId\":\"J\",\"events\":["
                + String.format(event, "7", ",\"replaced\":2") + "]}");
        frames.put("a client room with a jobId", "{\"type\":\"subscribed\",\"room\":\"client:acme\",\"jobId\":\"J\"}");
        frames.put("a job room without its jobId", "{\"type\":\"subscribed\",\"room\":\"job:J\"}");
        frames.put("an epoch without recovered", "{\"type\":\"subscribed\",\"room\":\"job:J\",\"jobId\":\"J\",\"epoch\":\"" + EPOCH + "\"}");
        frames.put("an unknown room", "{\"type\":\"subscribed\",\"room\":\"everything\"}");
        assertNoneFits(SERVER_TO_CLIENT, frames);

        assertTrue(CONTRACT.violations(SERVER_TO_CLIENT, String.format(event, "7", ",\"replaced\":2")).isEmpty(),
                "while a job.progress with replaced fits");
    }

    @Test
    void theMalformedRequestsOfTheContractDoNotFit() {
        Map<String, String> frames = new LinkedHashMap<>();
        frames.put("not JSON", "{\"type\":\"subscribe\",");
        frames.put("a number", "42");
        frames.put("an unknown type", "{\"type\":\"dance\",\"id\":\"b2\"}");
        frames.put("a server's type", "{\"type\":\"connected\"}");
        frames.put("a type that is a number", "{\"type\":7}");
        frames.put("a jobId that is a number", "{\"type\":\"subscribe\",\"jobId\":42}");
        frames.put("an empty jobId", "{\"type\":\"subscribe\",\"jobId\":\"\"}");
        frames.put("a jobId of 129 characters", "{\"type\":\"subscribe\",\"jobId\":\"" + "j".repeat(129) + "\"}");
        frames.put("a jobId with a space", "{\"type\":\"subscribe\",\"jobId\":\"job 1\"}");
        frames.put("a jobId with a non-ASCII letter", "{\"type\":\"subscribe\",\"jobId\":\"jöb\"}");
        frames.put("a userId with '!'", "{\"type\":\"subscribe\",\"userId\":\"bob!\"}");
        frames.put("an id that is neither string nor number", "{\"type\":\"subscribe\",\"id\":true}");
        frames.put("an all that is a string", "{\"type\":\"subscribe\",\"all\":\"yes\"}");
        frames.put("jobId and userId", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"userId\":\"alice\"}");
        frames.put("jobId and all", "{\"type\":\"unsubscribe\",\"jobId\":\"J\",\"all\":true}");
        frames.put("since as a string", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"since\":\"3\"}");
        frames.put("since below 0", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"since\":-1}");
        frames.put("since past a 64-bit number", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"since\":9223372036854775808}");
        frames.put("since of 5000 digits", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"since\":" + "9".repeat(5000) + "}");
        frames.put("since without jobId", "{\"type\":\"subscribe\",\"since\":3}");
        frames.put("epoch without since", "{\"type\":\"subscribe\",\"jobId\":\"J\",\"epoch\":\"" + EPOCH + "\"}");
        frames.put("history without jobId", "{\"type\":\"history\"}");
        frames.put("limit 0", "{\"type\":\"history\",\"jobId\":\"J\",\"limit\":0}");
        frames.put("limit as a string", "{\"type\":\"history\",\"jobId\":\"J\",\"limit\":\"5\"}");
        assertNoneFits(CLIENT_TO_SERVER, frames);

        for (String fits : List.of("{\"type\":\"subscribe\",\"jobId\":\"J\",\"all\":false}",
                "{\"type\":\"unsubscribe\",\"jobId\":\"J\",\"since\":5}",
                "{\"type\":\"pong\",\"id\":1}",
                "{\"type\":\"subscribe\",\"jobId\":\"" + "J".repeat(128) + "\",\"since\":0}",
                "{\"type\":\"history\",\"jobId\":\"Az09._:-\"}")) {
            assertEquals(List.of(), CONTRACT.violations(CLIENT_TO_SERVER, fits), fits);
        }
    }

    private static void assertNoneFits(Direction direction, Map<String, String> frames) {
        List<String> accepted = new ArrayList<>();
        frames.forEach((what, frame) -> {
            if (CONTRACT.violations(direction, frame).isEmpty()) {
                accepted.add(what + ": " + frame);
            }
        });
        if (!accepted.isEmpty()) {
            fail("asyncapi.yaml accepts, sent by " + direction + ":\n" + String.join("\n", accepted));
        }
    }

    private static String typeOf(String json) {
        Matcher type = Pattern.compile("^\\{\"type\":\"([^\"]+)\"").matcher(json);
        assertTrue(type.find(), "the type leads every server message: " + json);
        return type.group(1);
    }
}
