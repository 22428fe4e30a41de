package io.jobsgateway.http;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.quirks.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** A request body as a JSON object, each field checked; anything wrong is a 400 that says what. */
public final class JsonBody {

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /** Parses {@code text}; an empty body is {@code {}} when {@code emptyAllowed}. */
    public static JsonBody parse(String text, boolean emptyAllowed) {
        if (text == null || text.isBlank()) {
            if (emptyAllowed) {
                return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
            }
            throw ApiError.badRequest("the body must be a JSON object");
        }
        JsonValue value;
        try {
            value = JsonP.readWhole(text);
        } catch (JsonException e) {
            throw ApiError.badRequest("the body is not JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return new JsonBody(value.asJsonObject());
    }

    public String string(String field) {
        JsonValue value = object.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString string && !string.getString().isEmpty()) {
            return string.getString();
        }
        throw ApiError.badRequest(field + " must be a non-empty string");
    }

    public String id(String field) {
        String value = string(field);
        if (value != null && !Identifiers.isValid(value)) {
            throw ApiError.badRequest(field + " must be " + Identifiers.RULE);
        }
        return value;
    }

    public JsonObject object(String field) {
        JsonValue value = object.get(field);
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        throw ApiError.badRequest(field + " must be a JSON object");
    }

    public Integer integer(String field, int min, int max) {
        JsonValue value = object.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber number && number.toString().matches("-?[0-9]{1,10}")
                && number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) >= 0
                && number.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) <= 0) {
            return number.intValue();
        }
        throw ApiError.badRequest(field + " must be a whole number from " + min + " to " + max);
    }
}
