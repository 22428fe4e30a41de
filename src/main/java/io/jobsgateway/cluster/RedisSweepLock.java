package io.jobsgateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

/**
 * A cluster's sweeps, one node at a time: a sweep runs under a Redisson lock
 * ({@link RedisKeys#WATCHDOG_LOCK}) taken without waiting, with a lease, so that a node killed in
 * the middle of a sweep holds it {@value #LEASE_SECONDS} s at most; the other nodes skip their turn
 * meanwhile and whichever asks first after it sweeps next. A sweep that outlasts its lease may
 * overlap the next node's: what a sweep writes must be safe to race (the watchdog's writes are
 * conditional on the job's seq).
 */
@ApplicationScoped
@Typed(RedisSweepLock.class) // chosen by ClusterMode, not injected by interface
public class RedisSweepLock implements SweepLock {

    /** How long a node holds the lock at most, should it die in a sweep. */
    static final long LEASE_SECONDS = 10;

    @Inject
    RedissonClient redis;

    @Override
    public boolean runAlone(Runnable sweep) {
        RLock lock = redis.getLock(RedisKeys.WATCHDOG_LOCK);
        boolean locked;
        try {
            locked = lock.tryLock(0, LEASE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
        if (!locked) {
            return false;
        }
        try {
            sweep.run();
            return true;
        } finally {
            try {
                lock.unlock();
            } catch (IllegalMonitorStateException | RedisException e) {
                // the lease ran out first, or Redis went away: the lock frees itself when its lease ends
            }
        }
    }
}
