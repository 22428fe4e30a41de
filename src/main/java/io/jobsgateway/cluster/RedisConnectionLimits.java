package io.jobsgateway.cluster;

import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import io.jobsgateway.api.Timestamps;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Per-key connection limits across the cluster, as leases: each connection holds an entry in
 * its key's sorted set, scored by when the lease ends ({@code jobs.heartbeat.timeout-ms} from
 * its last renewal, in Redis's own clock). The node holding the connection renews it a few
 * times per timeout; a node that dies stops renewing, and its connections stop counting
 * within the timeout. A grant is one script: drop ended leases, count, add.
 */
@ApplicationScoped
@Typed(RedisConnectionLimits.class) // chosen by ClusterMode, not injected by interface
public class RedisConnectionLimits implements ConnectionLimits {

    private static final Logger LOG = Logger.getLogger(RedisConnectionLimits.class.getName());
    private static final int RENEWALS_PER_TIMEOUT = 3;
    static final long HANDSHAKE_WAIT_MILLIS = 1000;

    // KEYS: leases. ARGV: connectionId, limit, leaseMs. 1 when granted.
    static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    // KEYS: leases. ARGV: leaseMs, connectionIds... Renews (or restores, after an outage) this node's leases.
    static final String RENEW = """
            local t = redis.call('TIME')
            local leaseEnd = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[1])
            for i = 2, #ARGV do redis.call('ZADD', KEYS[1], leaseEnd, ARGV[i]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return #ARGV - 1
            """;

    @Inject
    RedissonClient redis;
    @Inject
    Settings settings;
    @Resource
    ManagedScheduledExecutorService scheduler;

    /** This node's granted connections, by connection id. */
    private final ConcurrentHashMap<String, Identity> held = new ConcurrentHashMap<>();
    private final String nodeId = java.util.UUID.randomUUID().toString();
    private RScript script;
    private Future<?> renewals;
    private volatile boolean renewFailing;

    @PostConstruct
    void start() {
        script = redis.getScript(StringCodec.INSTANCE);
        long period = Math.max(100, settings.heartbeatTimeoutMs() / RENEWALS_PER_TIMEOUT);
        renewals = scheduler.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        renewals.cancel(false);
    }

    /**
     * A connection that cannot be counted, Redis being unreachable, is not let in. The handshake
     * waits {@link #HANDSHAKE_WAIT_MILLIS} at most, not a command's timeout and its retries: it
     * holds a container thread. A grant that comes after that holds no connection and is not
     * renewed, so it ends by itself within the heartbeat timeout.
     */
    @Override
    public boolean tryAcquire(Identity who, String connectionId) {
        try {
            Long granted = script.<Long>evalAsync(RScript.Mode.READ_WRITE, ACQUIRE, RScript.ReturnType.LONG,
                    List.of(RedisKeys.leases(who.keyId())), connectionId,
                    Integer.toString(settings.maxConnectionsPerKey()), Long.toString(settings.heartbeatTimeoutMs()))
                    .toCompletableFuture().get(Math.min(HANDSHAKE_WAIT_MILLIS, settings.redis().timeoutMs()),
                            TimeUnit.MILLISECONDS);
            if (granted == null || granted != 1) {
                return false;
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ClusterUnavailableException("Redis, which counts connections per key, did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while counting the connection", e);
        }
        held.put(connectionId, who);
        describe(who, connectionId);
        return true;
    }

    @Override
    public void release(Identity who, String connectionId) {
        held.remove(connectionId);
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        batch.getScoredSortedSet(RedisKeys.leases(who.keyId()), StringCodec.INSTANCE).removeAsync(connectionId);
        batch.getMap(RedisKeys.client(connectionId), StringCodec.INSTANCE).deleteAsync();
        batch.executeAsync().exceptionally(e -> {
            LOG.log(Level.FINE, "Lease not released now; it ends by itself within the heartbeat timeout", e);
            return null;
        });
    }

    /** {@code client:{connectionId}}: who holds the connection and where, for operators; kept as long as the lease. */
    private void describe(Identity who, String connectionId) {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        var client = batch.getMap(RedisKeys.client(connectionId), StringCodec.INSTANCE);
        client.putAllAsync(Map.of("clientId", who.clientId(), "userId", who.userId() == null ? "" : who.userId(),
                "node", nodeId, "connectedAt", Timestamps.format(Instant.now())));
        client.expireAsync(Duration.ofMillis(settings.heartbeatTimeoutMs()));
        batch.executeAsync().exceptionally(e -> null);
    }

    private void renew() {
        if (held.isEmpty()) {
            return;
        }
        try {
            Map<String, List<String>> byKey = new java.util.HashMap<>();
            held.forEach((connectionId, who) ->
                    byKey.computeIfAbsent(who.keyId(), k -> new java.util.ArrayList<>()).add(connectionId));
            String leaseMs = Long.toString(settings.heartbeatTimeoutMs());
            RBatch batch = redis.createBatch(BatchOptions.defaults());
            byKey.forEach((keyId, connections) -> {
                Object[] args = new Object[connections.size() + 1];
                args[0] = leaseMs;
                for (int i = 0; i < connections.size(); i++) {
                    args[i + 1] = connections.get(i);
                }
                batch.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, RENEW,
                        RScript.ReturnType.LONG, List.of(RedisKeys.leases(keyId)), args);
            });
            held.keySet().forEach(connectionId -> batch.getMap(RedisKeys.client(connectionId), StringCodec.INSTANCE)
                    .expireAsync(Duration.ofMillis(settings.heartbeatTimeoutMs())));
            // Never waits on Redis: this runs on the server's shared scheduler.
            batch.executeAsync().whenComplete((result, failure) -> renewed(failure));
        } catch (RuntimeException e) {
            renewed(e);
        }
    }

    private void renewed(Throwable failure) {
        if (failure == null && renewFailing) {
            renewFailing = false;
            LOG.info("Redis is reachable again: this node's connection leases are renewed.");
        } else if (failure != null && !renewFailing) {
            renewFailing = true;
            LOG.warning(() -> "Cannot renew connection leases in Redis (" + failure.getMessage()
                    + "); this node's connections may stop counting against their keys' limits until it is back.");
        }
    }
}
