package io.jobsgateway.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/** A single node has no other nodes to tell or to hear from. */
@ApplicationScoped
@Typed(LocalNodeReports.class) // chosen by ClusterMode, not injected by interface
public class LocalNodeReports implements NodeReports {

    @Override
    public void start() {
        // nobody to tell
    }

    @Override
    public OtherNodes others() {
        return OtherNodes.none();
    }
}
