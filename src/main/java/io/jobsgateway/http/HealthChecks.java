package io.jobsgateway.http;

import io.jobsgateway.bus.Bus;
import io.jobsgateway.config.SettingsProducer;
import io.jobsgateway.delivery.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/live} and {@code /health/ready}, through MicroProfile Health. */
@ApplicationScoped
class HealthChecks {

    @Inject
    OpenConnections connections;
    @Inject
    SettingsProducer settings;
    @Inject
    Bus bus;

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> HealthCheckResponse.up("jobs-gateway");
    }

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            List<String> problems = new ArrayList<>(settings.problems());
            bus.problem().ifPresent(problems::add);
            var response = HealthCheckResponse.named("jobs-gateway").status(problems.isEmpty())
                    .withData("connections", connections.all().size());
            for (int i = 0; i < problems.size(); i++) {
                response.withData("problem" + (i + 1), problems.get(i));
            }
            return response.build();
        };
    }
}
