package io.jobsgateway.cluster;

import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/** Per-key connection counts of a single node; each change is one atomic {@code compute}. */
@ApplicationScoped
@Typed(LocalConnectionLimits.class) // chosen by ClusterMode, not injected by interface
public class LocalConnectionLimits implements ConnectionLimits {

    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private int limit;

    protected LocalConnectionLimits() {
        // for CDI's proxy
    }

    @Inject
    public LocalConnectionLimits(Settings settings) {
        this.limit = settings.maxConnectionsPerKey();
    }

    @Override
    public boolean tryAcquire(Identity who, String connectionId) {
        boolean[] granted = {false};
        open.compute(who.keyId(), (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0];
    }

    @Override
    public void release(Identity who, String connectionId) {
        open.computeIfPresent(who.keyId(), (key, count) -> count <= 1 ? null : count - 1);
    }
}
