package io.jobsgateway.ops;

import io.jobsgateway.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: this node's meters in Prometheus text format 0.0.4, without a key unless
 * {@code jobs.metrics.key} is set, then as {@code Authorization: Bearer} (contract section 9).
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    GatewayMetrics metrics;
    @Inject
    Settings settings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(settings.operations().metricsKey(), request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "jobs.metrics.key is set: send it as Bearer");
            return;
        }
        if (!metrics.enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "jobs.metrics.enabled is false");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Compared in constant time: how long a wrong guess takes says nothing of the key. */
    static boolean authorized(Optional<String> key, String authorization) {
        if (key.isEmpty()) {
            return true;
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        return MessageDigest.isEqual(key.get().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
