package io.jobsgateway.opspage;

import io.jobsgateway.http.ApiError;
import io.jobsgateway.ops.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /ops/data}: the meters of every node, as JSON, for the operations page at
 * {@code /ops/} (which polls it every second) or any other reader; 401 and 403 as the HTTP
 * API's errors ({@link OpsAccess}), 404 while {@code jobs.metrics.enabled} is false. A servlet
 * beside {@code /metrics}, not a Jakarta REST resource: its path is fixed under the context
 * root, in a host application too, whatever the host's REST path is.
 */
@WebServlet("/ops/data")
public class OpsDataServlet extends HttpServlet {

    @Inject
    OpsAccess access;
    @Inject
    OpsData data;
    @Inject
    GatewayMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ApiError> refusal = access.refusal(request);
        if (refusal.isPresent()) {
            refusal.get().writeTo(response);
            return;
        }
        if (!metrics.enabled()) {
            ApiError.notFound("jobs.metrics.enabled is false: there are no meters to show").writeTo(response);
            return;
        }
        byte[] body = data.now().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
