package io.jobsgateway.http;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.quirks.JsonP;
import jakarta.json.JsonException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jakarta.json.JsonArray;
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

    /**
     * Reads a request's body, after its sender was authenticated: 415 unless its
     * {@code Content-Type} is JSON (none at all is taken as JSON), 413 past {@code maxBytes}
     * (from {@code Content-Length} before anything is read, else once {@code maxBytes + 1} bytes
     * came), 400 for bytes that are not UTF-8, then as {@link #parse}.
     */
    public static JsonBody read(HttpHeaders headers, InputStream body, int maxBytes, boolean emptyAllowed) {
        return parse(text(headers, body, maxBytes, () -> ApiError.tooLarge(maxBytes)), emptyAllowed);
    }

    /**
     * Reads a body that must be a JSON array of 1 to {@code maxElements} objects, as {@link #read}
     * reads one object, with {@code tooLarge} past {@code maxBytes}: 400 for anything else, naming
     * the first element that is not an object.
     */
    static List<JsonBody> readArray(HttpHeaders headers, InputStream body, int maxBytes, int maxElements,
                                    Supplier<ApiError> tooLarge) {
        JsonValue value = value(text(headers, body, maxBytes, tooLarge));
        String shape = "the body must be a JSON array of 1 to " + maxElements + " objects";
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ApiError.badRequest(shape);
        }
        JsonArray array = value.asJsonArray();
        if (array.isEmpty() || array.size() > maxElements) {
            throw ApiError.badRequest(shape + ", not " + array.size());
        }
        List<JsonBody> elements = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiError.badRequest("must be a JSON object").inElement(i);
            }
            elements.add(new JsonBody(array.getJsonObject(i)));
        }
        return elements;
    }

    private static String text(HttpHeaders headers, InputStream body, int maxBytes, Supplier<ApiError> tooLarge) {
        MediaType type = headers.getMediaType();
        if (type != null && !(type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json"))) {
            throw ApiError.unsupportedMediaType("send the body as Content-Type: application/json");
        }
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxBytes) {
            throw tooLarge.get();
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("the body could not be read");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge.get();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the body is not UTF-8");
        }
    }

    /** Parses {@code text}; an empty body is {@code {}} when {@code emptyAllowed}. */
    static JsonBody parse(String text, boolean emptyAllowed) {
        JsonValue value = value(text);
        if (value == null && emptyAllowed) {
            return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
        }
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return new JsonBody(value.asJsonObject());
    }

    /** The JSON value of {@code text}, null for a blank one: 400 when it is not JSON. */
    private static JsonValue value(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonP.readWhole(text);
        } catch (JsonException e) {
            throw ApiError.badRequest("the body is not JSON");
        }
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
