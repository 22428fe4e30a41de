package io.jobsgateway.cluster;

import io.jobsgateway.history.StoredEvent;

/** Where a node's bus hands what was published: called in {@code seq} order for each job. */
public interface BusListener {

    void jobEvent(StoredEvent event);

    void broadcast(Broadcast broadcast);
}
