package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import io.jobsgateway.api.Broadcast;
import java.util.Optional;

/**
 * The cluster seam for fan-out between nodes. Every node, the publisher too, delivers only
 * what comes to its listener; nothing is delivered locally and published as well. Job events
 * reach the bus through the job log, which hands each one over in the same atomic step that
 * gives it its {@code seq}; broadcasts come here directly.
 */
public interface Bus {

    /** Hands a broadcast to every node's listener. */
    void publish(Broadcast broadcast);

    /** Sets this node's listener; the bus knows nothing else of the node. */
    void listen(BusListener listener);

    /** Why this node may not be getting what is published, if it may not: readiness says DOWN. */
    default Optional<String> problem() {
        return Optional.empty();
    }
}
