package io.jobsgateway.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a test client presents itself: an API key in one of the places the contract allows
 * (query {@code apiKey}, {@code Authorization: Bearer}, {@code X-API-Key}), a ticket or a login,
 * and any other handshake header, such as {@code Origin}.
 *
 * @param query   the query string to add to the socket URI, without {@code ?}; empty for none
 * @param headers request headers, in order
 */
record Auth(String query, Map<String, String> headers) {

    Auth {
        headers = Map.copyOf(headers);
    }

    static Auth none() {
        return new Auth("", Map.of());
    }

    static Auth query(String key) {
        return new Auth("apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8), Map.of());
    }

    static Auth ticket(String ticket) {
        return new Auth("ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8), Map.of());
    }

    static Auth bearer(String key) {
        return none().withHeader("Authorization", "Bearer " + key);
    }

    static Auth apiKeyHeader(String key) {
        return none().withHeader("X-API-Key", key);
    }

    /** A login instead of a key: HTTP Basic credentials, for a deployment whose container security takes them. */
    static Auth basic(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return none().withHeader("Authorization", "Basic " + credentials);
    }

    Auth withOrigin(String origin) {
        return withHeader("Origin", origin);
    }

    Auth withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Auth(query, more);
    }
}
