package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.cluster.ClusterUnavailableException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventOutboxTest {

    private final List<JobEvent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean redisDown;

    private final Consumer<JobEvent> redis = event -> {
        if (redisDown) {
            throw new ClusterUnavailableException("down", null);
        }
        if (event.jobId().equals("poison")) {
            throw new IllegalStateException("a bug, not an outage");
        }
        sent.add(event);
    };

    @Test
    void anythingASendThrowsDropsThatEventOnlyAndTheSenderGoesOn() throws Exception {
        EventOutbox outbox = new EventOutbox(100, redis, Thread::new);
        outbox.add(JobEvent.created("poison").ownedBy("acme")).get(5, TimeUnit.SECONDS);
        outbox.add(JobEvent.created("fine").ownedBy("acme")).get(5, TimeUnit.SECONDS);

        assertEquals(List.of("fine"), sent.stream().map(JobEvent::jobId).toList());
        outbox.stop();
    }

    @Test
    void droppingTheOldestKeepsTheJobsOwnerOnItsNextEvent() throws Exception {
        redisDown = true;
        EventOutbox outbox = new EventOutbox(2, redis, Thread::new);
        outbox.add(JobEvent.created("j").ownedBy("acme").forUser("alice"));
        outbox.add(JobEvent.started("j"));
        var last = outbox.add(JobEvent.progress("j", 50, "half", null)); // the outbox is full: created is dropped
        assertEquals(1, outbox.dropped());

        redisDown = false;
        last.get(10, TimeUnit.SECONDS);
        assertEquals(2, sent.size());
        assertEquals("acme", sent.get(0).clientId(), "started now fixes the owner that created named");
        assertEquals("alice", sent.get(0).userId());
        assertEquals(null, sent.get(1).clientId());
        outbox.stop();
    }

    @Test
    void stoppingLetsWhatWaitsGoOutThenCountsWhatIsLost() {
        EventOutbox draining = new EventOutbox(100, redis, Thread::new);
        for (int i = 0; i < 50; i++) {
            draining.add(JobEvent.created("j" + i).ownedBy("acme"));
        }
        assertEquals(0, draining.stop());
        assertEquals(50, sent.size(), "everything waiting went out before the stop returned");

        redisDown = true;
        EventOutbox stuck = new EventOutbox(100, redis, Thread::new);
        stuck.add(JobEvent.created("never").ownedBy("acme"));
        long start = System.nanoTime();
        assertEquals(1, stuck.stop());
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(EventOutbox.DRAIN_MILLIS + 2000),
                "the stop waits no longer than its deadline");
    }
}
