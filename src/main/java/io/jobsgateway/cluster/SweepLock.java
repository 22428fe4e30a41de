package io.jobsgateway.cluster;

/**
 * Lets one node of a cluster at a time run a periodic sweep over cluster-wide state (the stalled-job
 * watchdog's): on a single node, that node always; in a cluster, whichever node takes the lock.
 */
public interface SweepLock {

    /** Runs {@code sweep} if no other node runs one now; answers whether it ran. */
    boolean runAlone(Runnable sweep);
}
