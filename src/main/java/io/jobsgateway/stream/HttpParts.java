package io.jobsgateway.stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A servlet request's headers and query as the access checks read them, and the CORS headers of its answer. */
record HttpParts(Map<String, List<String>> headers, Map<String, List<String>> query, String origin) {

    HttpParts(HttpServletRequest request) {
        this(headersOf(request), queryOf(request), request.getHeader("Origin"));
    }

    private static Map<String, List<String>> headersOf(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static Map<String, List<String>> queryOf(HttpServletRequest request) {
        Map<String, List<String>> query = new TreeMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
        return query;
    }

    void allowOrigin(HttpServletResponse response) {
        corsHeaders(origin).forEach(response::setHeader);
    }

    /**
     * What lets a page of another allowed origin read the answer (an {@code EventSource} or a
     * {@code fetch} there is a CORS request); the same origin sends no {@code Origin} and needs nothing.
     */
    static Map<String, String> corsHeaders(String origin) {
        return origin == null ? Map.of() : Map.of("Access-Control-Allow-Origin", origin,
                "Access-Control-Allow-Credentials", "true", "Vary", "Origin");
    }
}
