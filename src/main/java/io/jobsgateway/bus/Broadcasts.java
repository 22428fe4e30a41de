package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Puts every {@link Broadcast} fired in the application on the bus, at once: a broadcast is never transactional. */
@ApplicationScoped
class Broadcasts {

    @Inject
    Bus bus;

    void publish(@Observes Broadcast broadcast) {
        bus.publish(broadcast);
    }
}
