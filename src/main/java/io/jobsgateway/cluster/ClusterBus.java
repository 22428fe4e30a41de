package io.jobsgateway.cluster;

import io.jobsgateway.history.StoredEvent;

/**
 * The cluster seam for fan-out between nodes. Every node, the publisher too, delivers only
 * what comes to its listener; nothing is delivered locally and published as well.
 */
public interface ClusterBus {

    /** Hands a stored event to every node's listener, in the order the job log stored it. */
    void publish(StoredEvent event);

    void publish(Broadcast broadcast);

    /** Sets this node's listener; the bus knows nothing else of the node. */
    void listen(BusListener listener);
}
