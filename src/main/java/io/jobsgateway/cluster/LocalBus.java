package io.jobsgateway.cluster;

import io.jobsgateway.history.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** The bus of a single node: hands everything straight to the listener, on the publisher's thread. */
@ApplicationScoped
public class LocalBus implements ClusterBus {

    private volatile BusListener listener;

    @Override
    public void publish(StoredEvent event) {
        BusListener target = listener;
        if (target != null) {
            target.jobEvent(event);
        }
    }

    @Override
    public void publish(Broadcast broadcast) {
        BusListener target = listener;
        if (target != null) {
            target.broadcast(broadcast);
        }
    }

    @Override
    public void listen(BusListener listener) {
        this.listener = listener;
    }
}
