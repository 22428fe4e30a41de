package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;

/** Where a node's bus hands what was published: called in {@code seq} order for each job. */
public interface BusListener {

    void jobEvent(StoredEvent event);

    void broadcast(Broadcast broadcast);
}
