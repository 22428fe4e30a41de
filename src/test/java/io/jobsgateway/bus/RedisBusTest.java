package io.jobsgateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.Managed;
import io.jobsgateway.api.Broadcast;
import io.jobsgateway.config.Settings;
import io.jobsgateway.fixtures.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The cluster bus on a real redis-server of the test's own, through Redisson as the gateway uses it. */
class RedisBusTest {

    private static final long CANARY_INTERVAL_MS = 100;

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1);
    private RedisServer redis;
    private RedissonClient client;
    private RedisBus bus;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.thaw();
        }
        if (bus != null) {
            bus.stop();
        }
        if (client != null) {
            client.shutdown();
        }
        timers.shutdownNow();
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * A Redis that hangs while the node subscribes: the subscription does not complete, the
     * canaries stop coming back, and the node subscribes again, and again, before the first
     * subscribe is answered. When Redis goes on, every one of them completes; one listener must be
     * left, or every broadcast reaches the node's connections more than once.
     */
    @Test
    void resubscribesThatOverlapLeaveOneListener() throws Exception {
        redis = RedisServer.withAppendOnlyFile();
        Settings settings = Settings.of(Map.of(Settings.REDIS_ADDRESS, redis.address(),
                "jobs.redis.canary-interval-ms", Long.toString(CANARY_INTERVAL_MS)));
        Config config = new Config();
        config.useSingleServer().setAddress(redis.address());
        client = Redisson.create(config);
        bus = new RedisBus();
        bus.redis = client;
        bus.settings = settings;
        bus.history = new StoredHistory() {
            public List<StoredEvent> storedAfter(String jobId, long afterSeq) {
                return List.of();
            }

            public Map<String, Long> currentSeqs(List<String> jobIds) {
                return Map.of();
            }
        };
        bus.scheduler = Managed.scheduler(timers);
        bus.threads = Managed.threads(Thread::new);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();

        redis.freeze();
        bus.start();
        bus.listen(new BusListener() {
            public void jobEvent(StoredEvent event) {
            }

            public void broadcast(Broadcast broadcast) {
                received.add(broadcast.event());
            }
        });
        // Three canary intervals of silence make a resubscribe: this holds back two or three of them.
        Thread.sleep(10 * CANARY_INTERVAL_MS);
        redis.thaw();
        awaitCanaries(Duration.ofSeconds(20));

        bus.publish(new Broadcast(null, null, "once", null, null));
        bus.publish(new Broadcast(null, null, "after", null, null));
        // A listener hands each message on before the next one, so every copy of "once" comes before the first "after".
        List<String> seen = new ArrayList<>();
        while (!seen.contains("after")) {
            String event = received.poll(10, TimeUnit.SECONDS);
            assertTrue(event != null, "the broadcasts did not arrive; got " + seen);
            seen.add(event);
        }
        assertEquals(List.of("once", "after"), seen, "each broadcast once: one listener on the bus");
    }

    /** Until a canary came back through the subscription, which is what makes {@code problem()} empty again. */
    private void awaitCanaries(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bus.problem().isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the bus never worked again: " + bus.problem().orElse(""));
            Thread.sleep(CANARY_INTERVAL_MS);
        }
    }
}
