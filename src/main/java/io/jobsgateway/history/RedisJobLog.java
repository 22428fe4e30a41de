package io.jobsgateway.history;

import io.jobsgateway.bus.StoredHistory;
import io.jobsgateway.bus.Bus;
import io.jobsgateway.bus.Envelope;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.wire.JobEventParts;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * The job log of a cluster, in Redis. Publishing is one script per job, one round trip however
 * many events and jobs ({@link RedisAppends}): the next {@code seq}, the owner check, the append
 * to the history (trimmed, its TTL refreshed) and the PUBLISH on the bus all happen atomically, so
 * no event has a {@code seq} without being stored and every node sees a job's events in the same
 * order. See {@link RedisKeys} for the layout.
 */
@ApplicationScoped
@Typed({RedisJobLog.class, StoredHistory.class}) // chosen by ClusterMode; the cluster bus reads it for gap fills
public class RedisJobLog implements JobLog, StoredHistory {

    /** The longest a bean firing a JobEvent waits on Redis. */
    static final long FIRE_WAIT_MILLIS = 500;

    // KEYS: owner. {clientId, userId or ''}, or {} for a job with no owner.
    static final String READ_OWNER = """
            local owner = redis.call('HMGET', KEYS[1], 'clientId', 'userId')
            if not owner[1] then return {} end
            return {owner[1], owner[2] or ''}
            """;

    // KEYS: seq, history, owner. The job's seq and epoch ('' for none) first, then its stored events, in one consistent read.
    static final String READ_SINCE = """
            local events = redis.call('LRANGE', KEYS[2], 0, -1)
            table.insert(events, 1, redis.call('HGET', KEYS[3], 'epoch') or '')
            table.insert(events, 1, redis.call('GET', KEYS[1]) or '0')
            return events
            """;

    @Inject
    RedissonClient redis;
    @Inject
    Settings settings;
    @Inject
    GatewayMetrics metrics;
    @Inject
    WireFormat wire;
    @Inject
    Bus bus;
    @Resource
    ManagedThreadFactory threads;

    private RScript script;
    private RedisAppends appends;
    private RedisSilences silences;
    private EventOutbox outbox;

    @PostConstruct
    void start() {
        script = redis.getScript(StringCodec.INSTANCE);
        appends = new RedisAppends(redis, settings);
        silences = new RedisSilences(redis, settings);
        outbox = new EventOutbox(settings.redis().outboxSize(), this::appendOrSkip, threads);
        metrics.countOutboxWith(outbox::waiting);
    }

    @PreDestroy
    void stop() {
        outbox.stop();
    }

    @Override
    public StoredEvent append(JobEvent event) {
        failFastWhileUnavailable();
        JobEventParts parts = wire.jobEventParts(event);
        EventTooLargeException.check(event, parts, settings.bounds().maxEventBytes());
        String answer = appends.store(List.of(new RedisAppends.Item(event, parts, null))).get(0);
        return switch (answer) {
            case RedisAppends.OWNER_CONFLICT -> throw new JobOwnershipException(event.jobId());
            case RedisAppends.NO_OWNER -> throw JobLog.noOwner(event.jobId());
            default -> Envelope.event(answer);
        };
    }

    @Override
    public List<Optional<StoredEvent>> appendAll(List<Publication> publications) {
        failFastWhileUnavailable();
        List<JobEventParts> parts = EventTooLargeException.partsOfAll(publications, wire, settings.bounds().maxEventBytes());
        List<RedisAppends.Item> items = new ArrayList<>(publications.size());
        for (int i = 0; i < publications.size(); i++) {
            items.add(new RedisAppends.Item(publications.get(i).event(), parts.get(i), publications.get(i).ownerIfNew()));
        }
        // Every publication names an owner for a new job, so NO_OWNER cannot come back.
        return appends.store(items).stream()
                .map(answer -> answer.equals(RedisAppends.OWNER_CONFLICT) ? Optional.<StoredEvent>empty()
                        : Optional.of(Envelope.event(answer)))
                .toList();
    }

    /**
     * While this node knows Redis is unreachable, says so at once rather than after a command's
     * timeout and its retries: a client that gave up waiting would retry and make a duplicate.
     */
    private void failFastWhileUnavailable() {
        bus.problem().ifPresent(problem -> {
            throw new ClusterUnavailableException(problem, null);
        });
    }

    /**
     * Goes out through the outbox, in the order fired. While Redis answers, the firer waits until
     * the event is stored (one round trip; {@link #FIRE_WAIT_MILLIS} at most), so that what it
     * reads next, history say, includes it, as on a single node. While Redis is unreachable it
     * does not wait at all: the event waits in the outbox instead.
     */
    @Override
    public void submit(JobEvent event) {
        try {
            EventTooLargeException.check(event, wire.jobEventParts(event), settings.bounds().maxEventBytes());
        } catch (EventTooLargeException e) {
            JobLog.refused(event, e); // before it takes room in the outbox
            return;
        }
        CompletableFuture<Void> stored = outbox.add(event);
        if (outbox.failing()) {
            return;
        }
        try {
            stored.get(FIRE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // it goes out later, still in order
        } catch (ExecutionException e) {
            // cannot happen: the outbox completes normally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<Silence> silences(int limit) {
        failFastWhileUnavailable();
        return silences.due(limit);
    }

    @Override
    public Optional<StoredEvent> appendIfStill(Silence silence, Silence.Step step, JobEvent event) {
        failFastWhileUnavailable();
        long next = step == Silence.Step.STALL
                ? silence.afterStall().nextStepAt().map(Instant::toEpochMilli).orElse(-1L) : -1;
        String answer = appends.store(List.of(new RedisAppends.Item(event, wire.jobEventParts(event), null,
                Tracking.ofWatchdog(step), silence.seq(), next))).get(0);
        return switch (answer) {
            // moved on, or gone meanwhile (its owner expired with its seq)
            case RedisAppends.MOVED_ON, RedisAppends.NO_OWNER, RedisAppends.OWNER_CONFLICT -> Optional.empty();
            default -> Optional.of(Envelope.event(answer));
        };
    }

    @Override
    public Replay since(String jobId, long afterSeq, String epoch) {
        List<Object> reply = call(() -> script.eval(RScript.Mode.READ_ONLY, READ_SINCE, RScript.ReturnType.LIST,
                List.of(RedisKeys.seq(jobId), RedisKeys.history(jobId), RedisKeys.owner(jobId))));
        long currentSeq = Long.parseLong(reply.get(0).toString());
        String currentEpoch = reply.get(1).toString();
        List<StoredEvent> stored = new ArrayList<>(reply.size() - 2);
        for (Object envelope : reply.subList(2, reply.size())) {
            stored.add(Envelope.event(envelope.toString()));
        }
        return Replay.of(currentSeq, currentEpoch.isEmpty() ? null : currentEpoch, stored, afterSeq, epoch);
    }

    @Override
    public List<StoredEvent> latest(String jobId, int limit) {
        List<Object> reply = call(() -> script.eval(RScript.Mode.READ_ONLY,
                "return redis.call('LRANGE', KEYS[1], -tonumber(ARGV[1]), -1)", RScript.ReturnType.LIST,
                List.of(RedisKeys.history(jobId)), Integer.toString(limit)));
        return reply.stream().map(envelope -> Envelope.event(envelope.toString())).toList();
    }

    @Override
    public Optional<JobOwner> owner(String jobId) {
        List<Object> owner = call(() -> script.eval(RScript.Mode.READ_ONLY, READ_OWNER,
                RScript.ReturnType.LIST, List.of(RedisKeys.owner(jobId))));
        if (owner.size() < 2) {
            return Optional.empty();
        }
        String userId = owner.get(1).toString();
        return Optional.of(new JobOwner(owner.get(0).toString(), userId.isEmpty() ? null : userId));
    }

    @Override
    public List<StoredEvent> storedAfter(String jobId, long afterSeq) {
        return since(jobId, afterSeq, null).events();
    }

    @Override
    public Map<String, Long> currentSeqs(List<String> jobIds) {
        RBatch batch = redis.createBatch(BatchOptions.defaults());
        List<RFuture<String>> seqs = new ArrayList<>(jobIds.size());
        for (String jobId : jobIds) {
            seqs.add(batch.<String>getBucket(RedisKeys.seq(jobId), StringCodec.INSTANCE).getAsync());
        }
        call(() -> batch.execute());
        Map<String, Long> current = new HashMap<>();
        for (int i = 0; i < jobIds.size(); i++) {
            String seq = seqs.get(i).toCompletableFuture().join();
            current.put(jobIds.get(i), seq == null ? 0 : Long.parseLong(seq));
        }
        return current;
    }

    private void appendOrSkip(JobEvent event) {
        try {
            append(event);
        } catch (JobOwnershipException | IllegalArgumentException e) {
            JobLog.refused(event, e);
        }
    }

    interface RedisCall<T> {
        T call();
    }

    /** Runs Redis commands: any failure of Redis's is {@link ClusterUnavailableException}, 503 over HTTP. */
    static <T> T call(RedisCall<T> redisCall) {
        try {
            return redisCall.call();
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
    }
}
