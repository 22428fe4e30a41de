package io.jobsgateway.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.Managed;
import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import io.jobsgateway.fixtures.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.redisson.api.RedissonClient;

/**
 * What a WebSocket handshake waits on Redis, against a real redis-server that hangs (SIGSTOP):
 * it holds a container thread, so it waits a second at most, not a command's timeout and its
 * retries. The client is the gateway's own, with a command timeout well above that second.
 */
class HungRedisHandshakeTest {

    private static final long COMMAND_TIMEOUT_MS = 5000;
    private static final long MOST_A_HANDSHAKE_WAITS_MS = 2500; // the one second, and room for a busy machine

    private static final Identity ALICE = new Identity("key:alice", "acme", "alice", Set.of());
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(1);
    private static RedisServer redis;
    private static RedissonClient client;
    private static Settings settings;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.withAppendOnlyFile();
        settings = Settings.of(Map.of(Settings.REDIS_ADDRESS, redis.address(),
                "jobs.redis.timeout-ms", Long.toString(COMMAND_TIMEOUT_MS)));
        client = new RedisClientProducer().redisson(settings);
    }

    @AfterAll
    static void stopRedis() {
        redis.thaw();
        client.shutdown(0, 2, TimeUnit.SECONDS); // not the default 15 s for the commands that timed out
        TIMERS.shutdownNow();
        redis.close();
    }

    @Test
    void aLeaseIsWaitedForASecondAtMost() {
        RedisConnectionLimits limits = new RedisConnectionLimits();
        limits.redis = client;
        limits.settings = settings;
        limits.scheduler = Managed.scheduler(TIMERS);
        limits.start();
        assertTrue(limits.tryAcquire(ALICE, "before"), "granted while Redis answers");

        assertGivenUpWithinASecond("its lease", () -> limits.tryAcquire(ALICE, "during"));
        limits.stop();
    }

    @Test
    void aTicketIsWaitedForASecondAtMost() {
        RedisTickets tickets = new RedisTickets();
        tickets.redis = client;
        tickets.settings = settings;
        String ticket = tickets.issue(ALICE, Duration.ofSeconds(30));

        assertGivenUpWithinASecond("its ticket", () -> tickets.redeem(ticket));
    }

    /** While Redis hangs, the handshake's {@code call} gives up (the connection closes with 1013) within its second. */
    private static void assertGivenUpWithinASecond(String what, Executable call) {
        redis.freeze();
        try {
            long start = System.nanoTime();
            assertThrows(ClusterUnavailableException.class, call, "waiting for " + what);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited < MOST_A_HANDSHAKE_WAITS_MS, "the handshake waited " + waited + " ms for " + what);
        } finally {
            redis.thaw();
        }
    }
}
