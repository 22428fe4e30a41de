package io.jobsgateway.endpoint;

import io.jobsgateway.rooms.Selector;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.quirks.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Decodes one text frame into a {@link Request}, checking every field as the contract says. */
final class RequestParser {

    private RequestParser() {
    }

    static Request parse(String text) throws BadRequest {
        JsonObject message = object(text);
        JsonValue id = id(message);
        JsonValue type = message.get("type");
        if (!(type instanceof JsonString typeName)) {
            throw new BadRequest("type must be a string", id);
        }
        return switch (typeName.getString()) {
            case "subscribe" -> new Request.Subscribe(id, selector(message, id), since(message, id), epoch(message, id));
            case "unsubscribe" -> new Request.Unsubscribe(id, selector(message, id));
            case "history" -> new Request.History(id, requiredId(message, "jobId", id), limit(message, id));
            case "pong" -> new Request.Pong(id);
            default -> throw new BadRequest("unknown type '" + truncate(typeName.getString())
                    + "': use subscribe, unsubscribe, history or pong", id);
        };
    }

    private static JsonObject object(String text) throws BadRequest {
        JsonValue value;
        try {
            value = JsonP.readWhole(text);
        } catch (JsonException e) {
            throw new BadRequest("not JSON", null);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new BadRequest("not a JSON object", null);
        }
        return value.asJsonObject();
    }

    private static JsonValue id(JsonObject message) throws BadRequest {
        JsonValue id = message.get("id");
        if (id == null || id instanceof JsonString || id instanceof JsonNumber) {
            return id;
        }
        throw new BadRequest("id must be a string or a number", null);
    }

    private static Selector selector(JsonObject message, JsonValue id) throws BadRequest {
        String jobId = optionalId(message, "jobId", id);
        String userId = optionalId(message, "userId", id);
        boolean all = false;
        JsonValue allValue = message.get("all");
        if (allValue != null) {
            if (allValue != JsonValue.TRUE && allValue != JsonValue.FALSE) {
                throw new BadRequest("all must be true or false", id);
            }
            all = allValue == JsonValue.TRUE;
        }
        int named = (jobId != null ? 1 : 0) + (userId != null ? 1 : 0) + (all ? 1 : 0);
        if (named > 1) {
            throw new BadRequest("name one of jobId, userId or all, not several", id);
        }
        return new Selector(jobId, userId, all);
    }

    private static Long since(JsonObject message, JsonValue id) throws BadRequest {
        JsonValue since = message.get("since");
        if (since == null) {
            return null;
        }
        if (!message.containsKey("jobId")) {
            throw new BadRequest("since goes with jobId", id);
        }
        return nonNegativeLong(since, "since", id);
    }

    private static String epoch(JsonObject message, JsonValue id) throws BadRequest {
        if (!message.containsKey("epoch")) {
            return null;
        }
        if (!message.containsKey("since")) {
            throw new BadRequest("epoch goes with since", id);
        }
        return optionalId(message, "epoch", id);
    }

    private static int limit(JsonObject message, JsonValue id) throws BadRequest {
        JsonValue limit = message.get("limit");
        if (limit == null) {
            return JobLog.DEFAULT_HISTORY_LIMIT;
        }
        long value = nonNegativeLong(limit, "limit", id);
        if (value < 1) {
            throw new BadRequest("limit must be at least 1", id);
        }
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static long nonNegativeLong(JsonValue value, String field, JsonValue id) throws BadRequest {
        // The text first: a number of thousands of digits is refused before anything converts it.
        if (value instanceof JsonNumber number && number.toString().matches("[0-9]{1,19}")
                && number.bigIntegerValue().bitLength() < Long.SIZE) {
            return number.longValue();
        }
        throw new BadRequest(field + " must be a whole number of 0 or more", id);
    }

    private static String requiredId(JsonObject message, String field, JsonValue id) throws BadRequest {
        String value = optionalId(message, field, id);
        if (value == null) {
            throw new BadRequest(field + " is required", id);
        }
        return value;
    }

    private static String optionalId(JsonObject message, String field, JsonValue id) throws BadRequest {
        JsonValue value = message.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString string && Identifiers.isValid(string.getString())) {
            return string.getString();
        }
        throw new BadRequest(field + " must be a string of " + Identifiers.RULE, id);
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
