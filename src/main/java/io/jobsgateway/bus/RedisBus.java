package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.ops.GatewayMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The bus of a cluster: one Redis pub/sub channel for every job, demultiplexed here (one topic
 * per job would exhaust Redisson's subscription pool). Messages are handed off Redisson's
 * threads at once to one delivery thread, which keeps each job in {@code seq} order and fills
 * gaps from history. A canary goes round the bus every {@code jobs.redis.canary-interval-ms}:
 * Redisson's pub/sub is known to die silently after failovers, so when canaries stop coming
 * back the node says DOWN and subscribes again until they do.
 */
@ApplicationScoped
@Typed(RedisBus.class) // chosen by ClusterMode, not injected by interface
public class RedisBus implements Bus {

    private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());
    /** Canaries missed before the subscription is taken for dead. */
    private static final int CANARIES_MISSED = 3;
    private static final int JOBS_REMEMBERED = 100_000;

    @Inject
    RedissonClient redis;
    @Inject
    StoredHistory history;
    @Inject
    GatewayMetrics metrics;
    @Inject
    Settings settings;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threads;

    private final String nodeId = UUID.randomUUID().toString();
    private final AtomicLong canariesSent = new AtomicLong();
    private volatile long lastCanaryBackNanos = System.nanoTime();
    private volatile long lastSubscribeNanos = System.nanoTime();
    private volatile boolean silenceReported;
    private boolean heardCanary; // delivery thread only
    private volatile BusListener listener;
    private RTopic topic;
    private Integer subscription;
    private long subscribeGeneration; // guarded by this
    private ExecutorService delivery;
    private Sequencer sequencer;
    private Future<?> canaries;

    @PostConstruct
    void start() {
        topic = redis.getTopic(RedisKeys.BUS_CHANNEL, StringCodec.INSTANCE);
        // Started now, from the application's context, rather than lazily on a Redisson thread
        // the first time a message arrives.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads);
        executor.prestartAllCoreThreads();
        delivery = executor;
        sequencer = new Sequencer(history, JOBS_REMEMBERED);
        long interval = settings.redis().canaryIntervalMs();
        canaries = scheduler.scheduleAtFixedRate(this::checkCanaries, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        canaries.cancel(false);
        unsubscribe();
        delivery.shutdownNow();
    }

    @Override
    public void publish(Broadcast broadcast) {
        try {
            topic.publish(Envelope.broadcast(broadcast));
        } catch (org.redisson.client.RedisException e) {
            throw new ClusterUnavailableException("Redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void listen(BusListener listener) {
        this.listener = listener;
        subscribe();
    }

    @Override
    public Optional<String> problem() {
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCanaryBackNanos);
        if (silentMs <= CANARIES_MISSED * settings.redis().canaryIntervalMs()) {
            return Optional.empty();
        }
        return Optional.of("no canary came back through the Redis bus for " + silentMs
                + " ms: Redis is unreachable or the subscription died; subscribing again");
    }

    /**
     * Never waits on Redis: it runs on the server's shared scheduler too. A subscribe that
     * completes after a newer one began is removed again, so that overlapping resubscribes never
     * leave two listeners (which delivered every broadcast twice).
     */
    private synchronized void subscribe() {
        unsubscribe();
        lastSubscribeNanos = System.nanoTime();
        long generation = ++subscribeGeneration;
        topic.addListenerAsync(String.class, (channel, message) -> delivery.execute(() -> handle(message)))
                .whenComplete((id, failure) -> {
                    if (failure != null) {
                        LOG.warning(() -> "Cannot subscribe to the Redis bus now (" + failure.getMessage()
                                + "); trying again.");
                    } else {
                        subscribed(id, generation);
                    }
                });
    }

    private synchronized void subscribed(Integer id, long generation) {
        if (generation != subscribeGeneration) {
            topic.removeListenerAsync(id); // a newer subscribe is under way: this one is stale
            return;
        }
        subscription = id;
    }

    private synchronized void unsubscribe() {
        if (subscription != null) {
            topic.removeListenerAsync(subscription).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.log(Level.FINE, "Removing a dead subscription", failure);
                }
            });
            subscription = null;
        }
    }

    private void handle(String message) {
        BusListener target = listener;
        try {
            switch (Envelope.kind(message)) {
                case Envelope.EVENT -> {
                    List<StoredEvent> deliver = sequencer.arrived(Envelope.event(message));
                    deliver.forEach(target::jobEvent);
                    metrics.gapsFilled(deliver.size() - 1); // the events before the one that arrived came from history
                }
                case Envelope.BROADCAST -> target.broadcast(Envelope.broadcast(message));
                case Envelope.CANARY -> {
                    if (nodeId.equals(Envelope.canaryNode(message))) {
                        canaryBack(target);
                    }
                }
                default -> LOG.fine(() -> "Ignored an unknown bus message");
            }
        } catch (RuntimeException e) {
            // one bad message, or Redis gone during a gap fill, must not stop the delivery thread
            LOG.log(Level.WARNING, "Could not deliver a bus message", e);
        }
    }

    /**
     * On the delivery thread. When canaries come back after the bus was silent, events published
     * meanwhile may never have arrived: catch up on every job this node remembers, in order,
     * before anything newer.
     */
    private void canaryBack(BusListener target) {
        long now = System.nanoTime();
        long silentFor = now - lastCanaryBackNanos;
        lastCanaryBackNanos = now;
        silenceReported = false;
        boolean first = !heardCanary;
        heardCanary = true;
        if (!first && silentFor > CANARIES_MISSED * TimeUnit.MILLISECONDS.toNanos(settings.redis().canaryIntervalMs())) {
            sequencer.catchUpEveryJob();
            int delivered = catchUp(target);
            LOG.info(() -> "The Redis bus works again; delivered " + delivered + " events that did not arrive meanwhile"
                    + (sequencer.anyBehind() ? "; the rest of the catch-up goes on with the next canaries." : "."));
        }
    }

    /** On the delivery thread: delivers what the jobs behind missed, batch by batch; answers how many. */
    private int catchUp(BusListener target) {
        int delivered = 0;
        while (sequencer.anyBehind()) {
            int before = sequencer.behind();
            List<StoredEvent> missed = sequencer.catchUp();
            missed.forEach(target::jobEvent);
            metrics.gapsFilled(missed.size());
            delivered += missed.size();
            if (sequencer.behind() >= before) {
                break; // Redis failed this round; the next canary tries again
            }
        }
        return delivered;
    }

    private void checkCanaries() {
        try {
            long interval = TimeUnit.MILLISECONDS.toNanos(settings.redis().canaryIntervalMs());
            long now = System.nanoTime();
            if (now - lastCanaryBackNanos > CANARIES_MISSED * interval
                    && now - lastSubscribeNanos > CANARIES_MISSED * interval) {
                if (!silenceReported) { // once per outage; canaryBack() reports the end
                    silenceReported = true;
                    LOG.warning(() -> problem().orElse("the bus is silent") + ".");
                }
                subscribe();
            }
            topic.publishAsync(Envelope.canary(nodeId, canariesSent.incrementAndGet()));
            BusListener target = listener;
            if (target != null) {
                delivery.execute(() -> catchUp(target)); // jobs whose gap fill failed, retried each canary
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Canary not sent", e);
        }
    }
}
