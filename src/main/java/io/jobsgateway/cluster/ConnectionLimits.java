package io.jobsgateway.cluster;

import io.jobsgateway.access.Identity;

/**
 * The cluster seam for {@code jobs.max-connections-per-key}: however many connections of one
 * key arrive at once, on however many nodes, exactly the limit are granted; and a node that
 * dies stops counting within {@code jobs.heartbeat.timeout-ms}.
 */
public interface ConnectionLimits {

    /**
     * Counts the connection against its key, or answers false when the key is at its limit.
     *
     * @throws ClusterUnavailableException the count cannot be taken now (Redis unreachable)
     */
    boolean tryAcquire(Identity who, String connectionId);

    /** Stops counting a connection that {@link #tryAcquire} granted. */
    void release(Identity who, String connectionId);
}
