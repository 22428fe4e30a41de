package io.jobsgateway.cluster;

import io.jobsgateway.config.Settings;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.ops.NodeReports;
import io.jobsgateway.quirks.JsonP;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The nodes' reports in one Redis hash ({@link RedisKeys#NODE_REPORTS}): each node writes its
 * snapshot into its own field every {@value #INTERVAL_MILLIS} ms, stamped with when it ends in
 * Redis's own clock ({@value #TTL_MILLIS} ms later), so that a node that dies leaves the page
 * within that time whatever the nodes' clocks say. A read drops the ended reports. One script
 * each way, one round trip; a write never waits, and is skipped while the last one is unanswered.
 */
@ApplicationScoped
@Typed(RedisNodeReports.class) // chosen by ClusterMode, not injected by interface
public class RedisNodeReports implements NodeReports {

    private static final Logger LOG = Logger.getLogger(RedisNodeReports.class.getName());
    static final long INTERVAL_MILLIS = 1000;
    static final long TTL_MILLIS = 10_000;
    private static final long READ_WAIT_MILLIS = 1000;

    // KEYS: the reports. ARGV: node, snapshot, ttlMs. The field holds "<end in ms> <snapshot>"; the hash
    // lives as long as its last report, so that it goes when every node has.
    static final String WRITE = """
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            redis.call('HSET', KEYS[1], ARGV[1], (now + tonumber(ARGV[3])) .. ' ' .. ARGV[2])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
            end
            return 1
            """;

    // KEYS: the reports. Drops those that ended, answers the snapshots of the others.
    static final String READ = """
            local t = redis.call('TIME')
            local now = t[1] * 1000 + math.floor(t[2] / 1000)
            local fields = redis.call('HGETALL', KEYS[1])
            local live = {}
            for i = 1, #fields, 2 do
              local report = fields[i + 1]
              local space = string.find(report, ' ', 1, true)
              if space and tonumber(string.sub(report, 1, space - 1)) > now then
                live[#live + 1] = string.sub(report, space + 1)
              else
                redis.call('HDEL', KEYS[1], fields[i])
              end
            end
            return live
            """;

    @Inject
    RedissonClient redis;
    @Inject
    Settings settings;
    @Inject
    GatewayMetrics metrics;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean writeFailing;
    private Future<?> reports;

    @Override
    public synchronized void start() {
        if (reports == null) {
            reports = scheduler.scheduleAtFixedRate(this::report, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (reports != null) {
            reports.cancel(false);
        }
    }

    private void report() {
        if (!writing.compareAndSet(false, true)) {
            return; // Redis has not answered the last one yet: no pile of reports while it is away
        }
        try {
            redis.getScript(StringCodec.INSTANCE).evalAsync(RScript.Mode.READ_WRITE, WRITE, RScript.ReturnType.LONG,
                            List.of(RedisKeys.NODE_REPORTS), metrics.node(), metrics.snapshot().toString(),
                            Long.toString(TTL_MILLIS))
                    .whenComplete((result, failure) -> written(failure));
        } catch (RuntimeException e) {
            written(e);
        }
    }

    private void written(Throwable failure) {
        writing.set(false);
        if (failure != null && !writeFailing) {
            LOG.log(Level.FINE, "Cannot report this node's meters to Redis now; the other nodes' pages miss it", failure);
        }
        writeFailing = failure != null;
    }

    @Override
    public OtherNodes others() {
        List<Object> live;
        try {
            live = redis.getScript(StringCodec.INSTANCE).<List<Object>>evalAsync(RScript.Mode.READ_WRITE, READ,
                            RScript.ReturnType.LIST, List.of(RedisKeys.NODE_REPORTS))
                    .toCompletableFuture().get(Math.min(READ_WAIT_MILLIS, settings.redis().timeoutMs()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return OtherNodes.unknown("Redis, where the nodes report, did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OtherNodes.unknown("interrupted while reading the other nodes' reports");
        }
        List<JsonObject> others = new ArrayList<>();
        for (Object report : live) {
            try {
                JsonObject snapshot = JsonP.readWhole(String.valueOf(report)).asJsonObject();
                if (!metrics.node().equals(snapshot.getString("node", null))) {
                    others.add(snapshot);
                }
            } catch (JsonException | ClassCastException e) {
                LOG.log(Level.FINE, "A node's report is not a snapshot; left out", e);
            }
        }
        others.sort(Comparator.comparing(snapshot -> snapshot.getString("node", "")));
        return new OtherNodes(others, java.util.Optional.empty());
    }
}
