package io.jobsgateway.rooms;

import io.jobsgateway.api.Broadcast;
import io.jobsgateway.bus.Bus;
import io.jobsgateway.bus.BusListener;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.delivery.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;

/** This node's end of the bus, from start-up on: job events go to the rooms, broadcasts to the connections. */
@ApplicationScoped
class BusReceiver implements BusListener {

    @Inject
    Rooms rooms;
    @Inject
    OpenConnections connections;
    @Inject
    Bus bus;

    void start(@Observes Startup startup) {
        bus.listen(this);
    }

    @Override
    public void jobEvent(StoredEvent event) {
        rooms.deliver(event);
    }

    @Override
    public void broadcast(Broadcast broadcast) {
        connections.broadcast(broadcast);
    }
}
