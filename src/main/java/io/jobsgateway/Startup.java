package io.jobsgateway;

import io.jobsgateway.access.ApiKeys;
import io.jobsgateway.rooms.Delivery;
import io.jobsgateway.rooms.Heartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Starts what must run before the first connection: key loading (and its warnings), delivery, heartbeats. */
@ApplicationScoped
public class Startup {

    @Inject
    ApiKeys apiKeys;
    @Inject
    Delivery delivery;
    @Inject
    Heartbeat heartbeat;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // Any call makes the container create the bean now, so a missing key file is reported at start-up.
        apiKeys.authenticate("");
        delivery.start();
        heartbeat.start();
    }
}
