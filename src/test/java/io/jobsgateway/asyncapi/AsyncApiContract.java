package io.jobsgateway.asyncapi;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The WebSocket messages of {@code src/docs/asyncapi.yaml}, read from the document itself, as
 * schemas to check frames against: a frame fits when it is one JSON object whose {@code type}
 * names a message of its direction and whose members fit that message's payload schema.
 *
 * <p>Which messages each side sends comes from the document's operations: those of a
 * {@code receive} operation are the client's, those of a {@code send} operation and the
 * replies of a {@code receive} one are the server's. A message's {@code name} is its
 * {@code type} on the wire. The schemas are draft-07, as the document says; format assertions
 * ({@code date-time}) are on.
 */
public final class AsyncApiContract {

    /** Who sends a frame. */
    public enum Direction {
        CLIENT_TO_SERVER, SERVER_TO_CLIENT
    }

    /** One message of the document: its key under {@code components/messages}, its wire type, its payload schema. */
    public record Message(String key, String type, Direction direction, JsonNode node, Schema payload) {
    }

    /** The project's document; tests run in the project's folder, as the other document checks do. */
    public static final Path DOCUMENT = Path.of("src/docs/asyncapi.yaml");

    // The document is handed to the validator from memory under this name (.invalid never resolves):
    // its $refs resolve inside it, nothing is fetched.
    private static final String BASE_IRI = "https://jobs-gateway.invalid/asyncapi.yaml";

    // Strict where the contract is: one JSON object per frame, so no trailing text and no member twice.
    private static final JsonMapper FRAMES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode document;
    private final Map<Direction, Map<String, Message>> messages;

    private AsyncApiContract(String yaml) {
        document = new YAMLMapper().readTree(yaml);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(BASE_IRI, yaml)));
        Map<Direction, Map<String, Message>> byDirection = new LinkedHashMap<>();
        for (Direction direction : Direction.values()) {
            byDirection.put(direction, new LinkedHashMap<>());
        }
        for (Map.Entry<String, JsonNode> operation : document.path("operations").properties()) {
            String action = operation.getValue().path("action").asString();
            if (action.equals("receive")) {
                add(byDirection, Direction.CLIENT_TO_SERVER, operation.getValue().path("messages"), registry);
                add(byDirection, Direction.SERVER_TO_CLIENT, operation.getValue().path("reply").path("messages"), registry);
            } else if (action.equals("send")) {
                add(byDirection, Direction.SERVER_TO_CLIENT, operation.getValue().path("messages"), registry);
            } else {
                throw new IllegalStateException("operation " + operation.getKey() + " has action '" + action
                        + "'; AsyncAPI 3.0 knows send and receive");
            }
        }
        byDirection.replaceAll((direction, ofDirection) -> Collections.unmodifiableMap(ofDirection));
        messages = Collections.unmodifiableMap(byDirection);
    }

    /** The document at {@code file}. */
    public static AsyncApiContract load(Path file) {
        try {
            return new AsyncApiContract(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the AsyncAPI document " + file.toAbsolutePath(), e);
        }
    }

    /** The project's document, read once per test JVM. */
    public static AsyncApiContract project() {
        return Project.CONTRACT;
    }

    private static final class Project {
        static final AsyncApiContract CONTRACT = load(DOCUMENT);
    }

    /** The parsed document, for tests of the document itself. */
    public JsonNode document() {
        return document;
    }

    /** The messages one side may send, by wire type. */
    public Map<String, Message> messages(Direction direction) {
        return messages.get(direction);
    }

    public Set<String> types(Direction direction) {
        return messages(direction).keySet();
    }

    /**
     * What is wrong with a frame sent in {@code direction}, one line each; empty when it fits
     * the document. An unknown {@code type} is wrong, as is anything that is not one JSON object.
     */
    public List<String> violations(Direction direction, String frame) {
        JsonNode message;
        try {
            message = FRAMES.readTree(frame);
        } catch (JacksonException e) {
            return List.of("not one JSON object: " + e.getOriginalMessage());
        }
        if (message == null || !message.isObject()) {
            return List.of("not a JSON object");
        }
        JsonNode type = message.get("type");
        if (type == null || !type.isString()) {
            return List.of("no string 'type'");
        }
        Message described = messages(direction).get(type.asString());
        if (described == null) {
            return List.of("type '" + type.asString() + "' is no message the " + sender(direction)
                    + " sends in asyncapi.yaml, which knows " + types(direction));
        }
        List<Error> errors = described.payload().validate(message, context -> context
                .executionConfig(config -> config.formatAssertionsEnabled(true)));
        List<String> lines = new ArrayList<>(errors.size());
        for (Error error : errors) {
            String where = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
            lines.add("message '" + described.key() + "', at " + (where.isEmpty() ? "its root" : where) + ": "
                    + error.getMessage());
        }
        return lines;
    }

    private static String sender(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? "client" : "server";
    }

    private void add(Map<Direction, Map<String, Message>> byDirection, Direction direction, JsonNode references,
                     SchemaRegistry registry) {
        for (JsonNode reference : references) {
            String pointer = follow(reference);
            JsonNode node = document.at(pointer);
            String type = node.path("name").asString("");
            if (type.isEmpty()) {
                throw new IllegalStateException(pointer + " has no name: the name of a message is its type on the wire");
            }
            if (!node.has("payload")) {
                throw new IllegalStateException(pointer + " has no payload: every message has its schema");
            }
            Message existing = byDirection.get(direction).get(type);
            if (existing != null && !existing.key().equals(key(pointer))) {
                throw new IllegalStateException("two messages named '" + type + "' sent by the " + sender(direction)
                        + ": " + existing.key() + " and " + key(pointer));
            }
            Schema payload = registry.getSchema(SchemaLocation.of(BASE_IRI + "#" + pointer + "/payload"));
            payload.initializeValidators(); // a $ref that leads nowhere fails here, not at the first frame
            byDirection.get(direction).put(type, new Message(key(pointer), type, direction, node, payload));
        }
    }

    /** The JSON pointer a chain of local {@code $ref}s ends at (a channel's message refers to a component). */
    private String follow(JsonNode reference) {
        String pointer = null;
        JsonNode node = reference;
        for (int hops = 0; node.has("$ref"); hops++) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/") || hops > 8) {
                throw new IllegalStateException("only local references are followed, and not in a loop: " + ref);
            }
            pointer = ref.substring(1);
            node = document.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalStateException("the reference " + ref + " leads nowhere in asyncapi.yaml");
            }
        }
        if (pointer == null) {
            throw new IllegalStateException("an operation names a message inline; refer to the channel's: " + reference);
        }
        return pointer;
    }

    private static String key(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }
}
