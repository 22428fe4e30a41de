package io.jobsgateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/** A single node's sweeps: there is no other node, and the scheduler runs one sweep at a time. */
@ApplicationScoped
@Typed(LocalSweepLock.class) // chosen by ClusterMode, not injected by interface
public class LocalSweepLock implements SweepLock {

    @Override
    public boolean runAlone(Runnable sweep) {
        sweep.run();
        return true;
    }
}
