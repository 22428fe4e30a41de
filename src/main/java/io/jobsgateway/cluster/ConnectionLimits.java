package io.jobsgateway.cluster;

/**
 * The cluster seam for {@code jobs.max-connections-per-key}: however many connections of one
 * key arrive at once, on however many nodes, exactly the limit are granted.
 */
public interface ConnectionLimits {

    /** Counts the connection against its key, or answers false when the key is at its limit. */
    boolean tryAcquire(String keyId, String connectionId);

    /** Stops counting a connection that {@link #tryAcquire} granted. */
    void release(String keyId, String connectionId);
}
