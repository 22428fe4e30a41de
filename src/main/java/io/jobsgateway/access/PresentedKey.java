package io.jobsgateway.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the API key a request presents: {@code Authorization: Bearer K}, {@code X-API-Key: K}, or the query's {@code apiKey}. */
public final class PresentedKey {

    private static final String BEARER = "bearer ";

    private PresentedKey() {
    }

    /** From HTTP headers (names compared ignoring case, as HTTP says) and query parameters. */
    public static Optional<String> find(Map<String, List<String>> headers, Map<String, List<String>> query) {
        Optional<String> bearer = header(headers, "Authorization")
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).trim());
        return bearer.or(() -> header(headers, "X-API-Key").map(String::trim))
                .or(() -> first(query.get("apiKey")))
                .filter(key -> !key.isEmpty());
    }

    public static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return first(header.getValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
