package io.jobsgateway.rooms;

import io.jobsgateway.cluster.Broadcast;
import io.jobsgateway.cluster.BusListener;
import io.jobsgateway.cluster.ClusterBus;
import io.jobsgateway.history.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** This node's end of the bus: job events go to the rooms, broadcasts to the connections. */
@ApplicationScoped
public class Delivery implements BusListener {

    @Inject
    Rooms rooms;
    @Inject
    Connections connections;
    @Inject
    ClusterBus bus;

    public void start() {
        bus.listen(this);
    }

    @Override
    public void jobEvent(StoredEvent event) {
        rooms.deliver(event);
    }

    @Override
    public void broadcast(Broadcast broadcast) {
        connections.deliver(broadcast);
    }
}
