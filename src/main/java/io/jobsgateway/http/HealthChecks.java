package io.jobsgateway.http;

import io.jobsgateway.rooms.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/live} and {@code /health/ready}, through MicroProfile Health. */
@ApplicationScoped
public class HealthChecks {

    @Inject
    Connections connections;

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.up("jobs-gateway");
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> HealthCheckResponse.named("jobs-gateway").up()
                .withData("connections", connections.all().size()).build();
    }
}
