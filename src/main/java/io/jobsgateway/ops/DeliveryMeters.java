package io.jobsgateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of the delivery path, held directly (no CDI proxy between a write and its count):
 * every job event written to a connection, how long after its store it was written, and every
 * progress that took an older one's place in a slow reader's outbox. Thread-safe: Micrometer's
 * counters and timers are lock-free.
 */
public final class DeliveryMeters {

    /** Upper bounds of the lag histogram's buckets: a millisecond to ten seconds. */
    static final Duration[] LAG_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Counter deliveries;
    private final Counter progressReplaced;
    private final Timer lag;
    private final Map<String, Counter> webSocketWrites = new ConcurrentHashMap<>();

    DeliveryMeters(MeterRegistry registry) {
        this.registry = registry;
        deliveries = Counter.builder(MeterNames.DELIVERIES)
                .description("Job events written to connections, every transport").register(registry);
        progressReplaced = Counter.builder(MeterNames.PROGRESS_REPLACED)
                .description("job.progress events that took an older one's place in a slow reader's outbox")
                .register(registry);
        lag = Timer.builder(MeterNames.DELIVERY_LAG)
                .description("From a job event's store to its write on a connection, outbox wait included;"
                        + " live events only, not replays")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        for (String path : WRITE_PATHS) {
            webSocketWrites(path);
        }
    }

    /** The ways a WebSocket write can go, counted from start-up. */
    static final String[] WRITE_PATHS = {"tyrus", "undertow", "standard"};

    /** Meters that count into a registry of their own: for code that is not deployed (tests, tools). */
    public static DeliveryMeters unregistered() {
        return new DeliveryMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * The frames of {@code events} job events go to the transport now.
     *
     * @param storedAtMicros when each was stored (microseconds since the epoch), or 0 for a replayed event
     */
    public void written(long[] storedAtMicros, int events) {
        deliveries.increment(events);
        long now = 0;
        for (int i = 0; i < events; i++) {
            if (storedAtMicros[i] > 0) {
                now = now == 0 ? nowMicros() : now;
                lag.record(Math.max(0, now - storedAtMicros[i]), TimeUnit.MICROSECONDS);
            }
        }
    }

    /**
     * What counts one write to WebSocket connections the way {@code path} names: a server's own
     * way for pre-encoded frames ({@code tyrus}, {@code undertow}) or the API's ({@code standard}).
     */
    public Runnable webSocketWrites(String path) {
        return webSocketWrites.computeIfAbsent(path, p -> Counter.builder(MeterNames.WEBSOCKET_WRITES).tag("path", p)
                .description("Writes to WebSocket connections, by the way they went: pre-encoded frames through"
                        + " the server's own way (tyrus, undertow; one write may hold several frames), or the"
                        + " standard API (one message each)")
                .register(registry))::increment;
    }

    public void progressReplaced() {
        progressReplaced.increment();
    }

    /** The wall clock in microseconds: the store's time comes from another node or from Redis. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    long deliveries() {
        return (long) deliveries.count();
    }
}
