package io.jobsgateway.quirks;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;
import java.io.StringReader;
import java.util.Collection;
import java.util.Map;

/**
 * JSON-P through one provider, looked up once. The static methods of {@code jakarta.json.Json}
 * look the provider up again on every call, with a {@code ServiceLoader} search of the
 * application's jars: 18 % of the server's CPU on the HTTP publish path, where every request and
 * every inbound frame is parsed. A {@link JsonProvider} is thread-safe.
 *
 * <p>Upstream: <a href="https://github.com/jakartaee/jsonp-api/issues/154">jakartaee/jsonp-api#154</a>
 * and <a href="https://github.com/jakartaee/jsonp-api/issues/346">#346</a> (open; caching proposed
 * in PR 347), whose own advice is to keep a provider as this class does.
 */
public final class JsonP {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonP() {
    }

    /**
     * Exactly one JSON value and nothing after it, or a {@link JsonException}: also for what
     * Parsson reports with other exceptions (too deeply nested input is a plain
     * {@code RuntimeException}), so that a caller answers bad input with one catch.
     */
    public static JsonValue readWhole(String text) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new JsonException("no JSON value");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonException("text after the JSON value");
            }
            return value;
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonException("not JSON that can be read: " + e.getClass().getSimpleName(), e);
        }
    }

    public static JsonReader createReader(String text) {
        return PROVIDER.createReader(new StringReader(text));
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(Map<String, Object> values) {
        return PROVIDER.createObjectBuilder(values);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }

    /** A string as a JSON string literal, quotes and escapes included. */
    public static String quote(String value) {
        return PROVIDER.createValue(value).toString();
    }
}
