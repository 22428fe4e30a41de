package io.jobsgateway.history;

import io.jobsgateway.bus.StoredEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.api.Broadcast;
import io.jobsgateway.bus.BusListener;
import io.jobsgateway.bus.LocalBus;
import io.jobsgateway.config.Settings;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.wire.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryJobLogTest {

    private final MutableClock clock = new MutableClock();
    private final List<StoredEvent> published = Collections.synchronizedList(new ArrayList<>());
    private final LocalBus bus = new LocalBus();
    private final InMemoryJobLog log = new InMemoryJobLog(
            Settings.of(Map.of("jobs.history.max-events", "5", "jobs.history.ttl-seconds", "60")),
            new WireFormat(), bus, clock);

    InMemoryJobLogTest() {
        bus.listen(new BusListener() {
            public void jobEvent(StoredEvent event) {
                published.add(event);
            }

            public void broadcast(Broadcast broadcast) {
            }
        });
    }

    @Test
    void seqStartsAtOneAndTheFirstEventFixesTheOwner() {
        StoredEvent first = log.append(JobEvent.created("j1").ownedBy("acme").forUser("alice"));
        StoredEvent second = log.append(JobEvent.progress("j1", 10, "step", "s1"));

        assertEquals(1, first.seq());
        assertEquals(2, second.seq());
        assertEquals("acme", second.clientId());
        assertEquals("alice", second.userId(), "later events keep the job's user");
        assertTrue(second.json().contains("\"seq\":2"), second.json());
        assertEquals(List.of(first, second), published);
    }

    @Test
    void anotherOwnerIsRefusedAndAFirstEventWithoutOwnerToo() {
        log.append(JobEvent.created("j1").ownedBy("acme"));

        assertThrows(JobOwnershipException.class, () -> log.append(JobEvent.started("j1").ownedBy("globex")));
        assertThrows(IllegalArgumentException.class, () -> log.append(JobEvent.created("j2")));
        assertEquals(1, published.size(), "nothing refused reaches the bus");
    }

    @Test
    void aBatchIsStoredInOrderWithEachRefusedEventEmptyInItsPlace() {
        log.append(JobEvent.created("theirs").ownedBy("globex"));
        published.clear();

        List<Optional<StoredEvent>> stored = log.appendAll(List.of(
                new Publication(JobEvent.created("j1").ownedBy("acme"), "acme"),
                new Publication(JobEvent.progress("theirs", 5, "x", null).ownedBy("acme"), "acme"),
                new Publication(JobEvent.progress("j1", 50, "half", null).ownedBy("acme"), "acme"),
                new Publication(JobEvent.created("j2"), "ops"),
                new Publication(JobEvent.started("j2"), "ops")));

        assertEquals(List.of(1L, 0L, 2L, 1L, 2L), stored.stream().map(e -> e.map(StoredEvent::seq).orElse(0L)).toList());
        assertEquals(stored.stream().flatMap(Optional::stream).toList(), published, "the bus sees them in order");
        assertEquals("ops", stored.get(3).orElseThrow().clientId(), "naming no owner, a new job takes ownerIfNew");
        assertEquals(1, log.latest("theirs", 10).size(), "nothing was added to globex's job");
    }

    @Test
    void anEventThatNamesNoOwnerKeepsTheOwnerAnEarlierEventOfTheBatchGaveItsJob() {
        List<Optional<StoredEvent>> stored = log.appendAll(List.of(
                new Publication(JobEvent.created("j1").ownedBy("globex"), "ops"),
                new Publication(JobEvent.started("j1"), "ops")));

        assertEquals("globex", stored.get(1).orElseThrow().clientId());
    }

    @Test
    void aBatchWithAnEventTooLargeStoresNothingAndNamesIt() {
        String big = "x".repeat(70_000);
        EventTooLargeException tooLarge = assertThrows(EventTooLargeException.class, () -> log.appendAll(List.of(
                new Publication(JobEvent.created("j1").ownedBy("acme"), "acme"),
                new Publication(JobEvent.of(io.jobsgateway.api.JobEventType.UPDATED, "j1", null, Map.of("pad", big)), "acme"))));

        assertEquals(1, tooLarge.index());
        assertEquals(List.of(), published);
        assertTrue(log.owner("j1").isEmpty(), "the job was not even created");
    }

    @Test
    void historyKeepsTheLastMaxEventsAndSinceSaysWhetherAnyWereLost() {
        for (int i = 0; i < 8; i++) {
            log.append(JobEvent.progress("j1", i, "step", null).ownedBy("acme"));
        }

        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(log.latest("j1", 100)));
        assertEquals(List.of(7L, 8L), seqs(log.latest("j1", 2)));
        Replay complete = log.since("j1", 3, null);
        assertTrue(complete.recovered());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(complete.events()));
        Replay trimmed = log.since("j1", 2, null);
        assertFalse(trimmed.recovered(), "event 3 was trimmed");
        assertTrue(log.since("j1", 8, null).recovered());
        assertTrue(log.since("j1", 8, null).events().isEmpty());
    }

    @Test
    void pastMaxJobsTheLeastRecentlyActiveJobIsForgottenWhole() {
        InMemoryJobLog small = new InMemoryJobLog(Settings.of(Map.of("jobs.history.max-jobs", "3")), new WireFormat(),
                new LocalBus(), clock);
        StoredEvent first = small.append(JobEvent.created("oldest").ownedBy("acme"));
        for (String job : List.of("b", "c")) {
            clock.advance(Duration.ofSeconds(1));
            small.append(JobEvent.created(job).ownedBy("acme"));
        }
        clock.advance(Duration.ofSeconds(1));
        small.append(JobEvent.created("d").ownedBy("acme"));

        assertEquals(3, small.jobCount());
        assertTrue(small.owner("oldest").isEmpty(), "the least recently active is forgotten, history and seq");
        StoredEvent again = small.append(JobEvent.created("oldest").ownedBy("globex"));
        assertEquals(1, again.seq());
        assertNotEquals(first.epoch(), again.epoch(), "its next event starts a new stream");
    }

    @Test
    void aJobForgottenWholeStartsANewEpoch() {
        StoredEvent first = log.append(JobEvent.created("j1").ownedBy("acme"));
        assertEquals(first.epoch(), log.append(JobEvent.started("j1")).epoch(), "one stream while the seq goes on");
        clock.advance(Duration.ofSeconds(60L * JobLog.SEQ_LIFETIME_IN_TTLS + 1));
        log.expire();

        StoredEvent again = log.append(JobEvent.created("j1").ownedBy("acme"));
        assertEquals(1, again.seq());
        assertNotEquals(first.epoch(), again.epoch(), "a seq that starts again is a new stream");
        assertTrue(again.json().contains("\"epoch\":\"" + again.epoch() + "\""), again.json());
    }

    @Test
    void historyExpiresAfterTheTtlButSeqAndOwnerOutliveIt() {
        log.append(JobEvent.created("j1").ownedBy("acme"));
        clock.advance(Duration.ofSeconds(61));
        log.expire();

        assertTrue(log.latest("j1", 10).isEmpty());
        assertFalse(log.since("j1", 0, null).recovered(), "event 1 expired");
        assertEquals(2, log.append(JobEvent.started("j1")).seq(), "seq never restarts while it may be held");
        assertThrows(JobOwnershipException.class, () -> log.append(JobEvent.started("j1").ownedBy("globex")));
    }

    @Test
    void aJobIsForgottenSevenTtlsAfterItsLastEvent() {
        log.append(JobEvent.created("j1").ownedBy("acme"));
        clock.advance(Duration.ofSeconds(60 * 7 - 1));
        log.expire();
        assertEquals(1, log.jobCount());

        clock.advance(Duration.ofSeconds(2));
        log.expire();
        assertEquals(0, log.jobCount());
        assertTrue(log.owner("j1").isEmpty());
    }

    @Test
    void concurrentPublishersReachTheBusInSeqOrder() throws Exception {
        log.append(JobEvent.created("j1").ownedBy("acme"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                await(start);
                for (int i = 0; i < 250; i++) {
                    log.append(JobEvent.progress("j1", 1, "x", null));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        List<Long> seqs = seqs(published);
        assertEquals(1001, seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i));
        }
    }

    private static List<Long> seqs(List<StoredEvent> events) {
        return new ArrayList<>(events).stream().map(StoredEvent::seq).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        public Instant instant() {
            return now;
        }

        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
