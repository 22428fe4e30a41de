package io.jobsgateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalConnectionLimitsTest {

    private static final Identity KEY = new Identity("key:1", "acme", null, Set.of());
    private static final Identity OTHER_KEY = new Identity("key:2", "acme", null, Set.of());

    private final LocalConnectionLimits limits =
            new LocalConnectionLimits(Settings.of(Map.of("jobs.max-connections-per-key", "3")));

    @Test
    void exactlyTheLimitSucceedUnderAStormAndReleaseFreesAPlace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            String connection = "c" + i;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (limits.tryAcquire(KEY, connection)) {
                    granted.incrementAndGet();
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(3, granted.get());
        assertTrue(limits.tryAcquire(OTHER_KEY, "x"), "keys are counted apart");
        limits.release(KEY, "c1");
        assertTrue(limits.tryAcquire(KEY, "again"));
        assertFalse(limits.tryAcquire(KEY, "one-too-many"));
    }
}
