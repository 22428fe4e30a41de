package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The bus of a single node: hands everything straight to the listener, on the publisher's
 * thread. The in-memory job log calls {@link #publish(StoredEvent)} under the job's lock, so
 * the listener sees each job's events in {@code seq} order.
 */
@ApplicationScoped
@Typed(LocalBus.class) // chosen by ClusterMode, not injected by interface
public class LocalBus implements Bus {

    private volatile BusListener listener;

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
