package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Building the messages of the wire contract, and checking the ones that come back. */
final class Wire {

    private Wire() {
    }

    /** A JSON object from name, value pairs: {@code json("type", "subscribe", "jobId", "J", "id", 7)}. */
    static JsonObject json(Object... namesAndValues) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value instanceof String text) {
                object.add(name, text);
            } else if (value instanceof Integer number) {
                object.add(name, number);
            } else if (value instanceof Long number) {
                object.add(name, number);
            } else if (value instanceof Boolean flag) {
                object.add(name, flag);
            } else if (value instanceof JsonValue json) {
                object.add(name, json);
            } else if (value == null) {
                object.addNull(name);
            } else {
                throw new IllegalArgumentException("no JSON for " + value.getClass());
            }
        }
        return object.build();
    }

    /** A job id for one test: {@code tag} and a random suffix, so tests never share a job. */
    static String newJobId(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Checks that {@code message} has every required field and no field outside required and optional. */
    static void assertFields(JsonObject message, Set<String> required, Set<String> optional) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(message.keySet());
        Set<String> unknown = new TreeSet<>(message.keySet());
        unknown.removeAll(required);
        unknown.removeAll(optional);
        assertTrue(missing.isEmpty() && unknown.isEmpty(),
                "fields of " + message + ": missing " + missing + ", not in the contract " + unknown);
    }

    /** The field as an ISO-8601 instant such as {@code 2026-01-01T00:00:05.000Z}; fails if it is not one. */
    static Instant isoInstant(JsonObject message, String field) {
        JsonValue value = message.get(field);
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            fail("'" + field + "' must be an ISO-8601 string in " + message);
        }
        String text = message.getString(field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new AssertionError("'" + field + "' is not ISO-8601: '" + text + "' in " + message, e);
        }
    }

    static long seq(JsonObject event) {
        JsonValue seq = event.get("seq");
        if (seq == null || seq.getValueType() != JsonValue.ValueType.NUMBER) {
            fail("an event must carry a numeric 'seq': " + event);
        }
        return event.getJsonNumber("seq").longValueExact();
    }

    /** Checks that the events have seq {@code first}, {@code first + 1}, ... in order, naming the first that does not. */
    static void assertConsecutive(String who, List<JsonObject> events, long first) {
        for (int i = 0; i < events.size(); i++) {
            long seq = seq(events.get(i));
            if (seq != first + i) {
                long previous = i == 0 ? first - 1 : seq(events.get(i - 1));
                fail(who + ": event #" + (i + 1) + " of " + events.size() + " has seq " + seq + ", expected "
                        + (first + i) + " (the one before had " + previous + ")");
            }
        }
    }

    /** Checks a {@code type: error} reply: its code, a message for people, and the echoed id (when not null). */
    static void assertError(JsonObject reply, String code, JsonValue id, String what) {
        assertEquals("error", reply.getString("type", null), what + ": expected an error, got " + reply);
        assertEquals(code, reply.getString("code", null), what + ": error code in " + reply);
        JsonValue message = reply.get("message");
        assertTrue(message != null && message.getValueType() == JsonValue.ValueType.STRING
                && !reply.getString("message").isBlank(), what + ": an error needs a human readable message: " + reply);
        if (id != null) {
            assertEquals(id, reply.get("id"), what + ": the request's id must be echoed in " + reply);
        }
        assertFields(reply, Set.of("type", "code", "message"), Set.of("id"));
    }
}
