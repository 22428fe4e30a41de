package io.jobsgateway.quirks;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.annotation.Annotation;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready} and {@code /health/live} on the application's own HTTP port, in the
 * MicroProfile Health format, for servers that serve MicroProfile Health elsewhere: WildFly
 * answers it on its management port only. On Payara Micro, whose own {@code /health} context
 * is the longer match, requests never reach this servlet, so the two do not clash. Only in the
 * standalone WAR: the library leaves a host application's paths alone.
 *
 * <p>Upstream: by design in WildFly (WFLY-10711: health is attached to the management interface);
 * asked for in <a href="https://github.com/smallrye/smallrye-health/issues/68">smallrye/smallrye-health#68</a>,
 * sent on to WildFly. Our report, to file: src/docs/upstream-reports.md, section 6.
 */
@WebServlet({"/health/ready", "/health/live"})
public class HealthServlet extends HttpServlet {

    private static final Annotation READINESS = Readiness.Literal.INSTANCE;
    private static final Annotation LIVENESS = Liveness.Literal.INSTANCE;

    @Inject
    @Any
    Instance<HealthCheck> checks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Annotation kind = request.getServletPath().endsWith("/live") ? LIVENESS : READINESS;
        boolean up = true;
        JsonArrayBuilder results = JsonP.createArrayBuilder();
        for (HealthCheck check : checks.select(kind)) {
            HealthCheckResponse result = check.call();
            up &= result.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder data = JsonP.createObjectBuilder();
            result.getData().ifPresent(values -> values.forEach((name, value) -> data.add(name, String.valueOf(value))));
            results.add(JsonP.createObjectBuilder().add("name", result.getName())
                    .add("status", result.getStatus().name()).add("data", data));
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getWriter().write(JsonP.createObjectBuilder().add("status", up ? "UP" : "DOWN")
                .add("checks", results).build().toString());
    }
}
