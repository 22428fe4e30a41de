package io.jobsgateway.history;

import static io.jobsgateway.history.SilentJobsTest.created;
import static io.jobsgateway.history.SilentJobsTest.data;
import static io.jobsgateway.history.SilentJobsTest.progress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.bus.LocalBus;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.cluster.RedisKeys;
import io.jobsgateway.config.Settings;
import io.jobsgateway.fixtures.RedisServer;
import io.jobsgateway.history.Silence.Step;
import io.jobsgateway.ops.TestOps;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The cluster's log as the watchdog and the estimate see it, on a real redis-server of the test's
 * own: the same answers as a single node's ({@link SilentJobsTest}), by Redis's clock, with a
 * stall timeout of 1 s and a lost timeout of 2 s.
 */
class RedisSilentJobsTest {

    private static RedisServer redis;
    private static RedissonClient client;
    private static RedisJobLog log;
    private static final Settings SETTINGS = Settings.of(Map.of(
            "jobs.stall-timeout-seconds", "1", "jobs.lost-timeout-seconds", "2"));

    @BeforeAll
    static void start() throws IOException {
        redis = RedisServer.withAppendOnlyFile();
        Config config = new Config();
        config.useSingleServer().setAddress(redis.address());
        config.setCodec(StringCodec.INSTANCE);
        client = Redisson.create(config);
        log = new RedisJobLog();
        log.redis = client;
        log.settings = SETTINGS;
        log.metrics = TestOps.metrics(SETTINGS);
        log.wire = new WireFormat();
        log.bus = new LocalBus();
        log.threads = new ManagedThreadFactory() {
            public Thread newThread(Runnable task) {
                return new Thread(task);
            }

            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            }
        };
        log.start();
    }

    @AfterAll
    static void stop() {
        log.stop();
        client.shutdown();
        redis.close();
    }

    /** The silence of {@code jobId} once it matches, 5 s at most (the index is written in the background). */
    private static Silence await(String jobId, Predicate<Silence> when) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Silence> silence = log.silences(1000).stream().filter(s -> s.jobId().equals(jobId)).findFirst();
            if (silence.isPresent() && when.test(silence.get())) {
                return silence.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such silence of " + jobId + " within 5 s");
    }

    private static boolean watched(String jobId) {
        return client.getScoredSortedSet(RedisKeys.WATCHED, StringCodec.INSTANCE).contains(jobId);
    }

    @Test
    void aSilentJobIsStalledOnceThenLostAndOnlyOneOfTwoRacingSweepsSpeaks() throws InterruptedException {
        log.append(JobEvent.created("r-stall").ownedBy("acme"));
        Silence silence = await("r-stall", s -> true);
        assertEquals(Optional.of(Step.STALL), silence.due());
        assertEquals(1, silence.seq());
        assertTrue(Duration.between(silence.lastHeardAt(), silence.now()).toMillis() >= 1000, silence.toString());

        StoredEvent stall = log.appendIfStill(silence, Step.STALL, JobEvent.updated("r-stall", "stalled", Map.of())).orElseThrow();
        assertEquals(2, stall.seq());
        assertEquals(Optional.empty(), log.appendIfStill(silence, Step.STALL, JobEvent.updated("r-stall", "stalled", Map.of())),
                "a second sweep on the same view stores nothing");

        Silence lost = await("r-stall", s -> s.stalled());
        assertEquals(Optional.of(Step.LOSE), lost.due());
        assertEquals(2, lost.seq());
        assertEquals(3, log.appendIfStill(lost, Step.LOSE, JobEvent.failed("r-stall", "lost", "gone")).orElseThrow().seq());
        Thread.sleep(200);
        assertTrue(!watched("r-stall"), "a lost job leaves the index");
    }

    @Test
    void anEventDuringTheSweepWinsAndClearsTheStall() throws InterruptedException {
        log.append(JobEvent.created("r-race").ownedBy("acme"));
        log.appendIfStill(await("r-race", s -> true), Step.STALL, JobEvent.updated("r-race", "stalled", Map.of())).orElseThrow();
        Silence seen = await("r-race", Silence::stalled);
        log.append(JobEvent.progress("r-race", 10, null, null));

        assertEquals(Optional.empty(), log.appendIfStill(seen, Step.LOSE, JobEvent.failed("r-race", "lost", "gone")));
        Silence after = await("r-race", s -> true);
        assertEquals(false, after.stalled(), "the real event cleared the stall");
        assertEquals(Optional.of(Step.STALL), after.due());
        assertEquals(3, after.seq());
    }

    /**
     * The entry written in the first event's own round trip, before its script: a node killed
     * after the script and before the index follows it must not leave a job no sweep finds. (Without
     * it this could still pass, when the background index write wins the race to this line.)
     */
    @Test
    void aWatchedJobIsInTheIndexAsSoonAsItsFirstEventIsStored() {
        log.append(JobEvent.created("r-first").ownedBy("acme"));
        assertTrue(watched("r-first"), "no index entry when append returned");
    }

    @Test
    void endedAndOptedOutJobsAreNotWatched() throws InterruptedException {
        log.append(JobEvent.created("r-done").ownedBy("acme"));
        log.append(JobEvent.completed("r-done", Map.of(), List.of()));
        log.append(created("r-never", Map.of("stallTimeoutSeconds", 0, "lostTimeoutSeconds", 0)));
        log.append(created("r-own", Map.of("stallTimeoutSeconds", 0)));
        Silence own = await("r-own", s -> true);
        assertEquals(Optional.of(Step.LOSE), own.due(), "its own stall timeout is none, the lost one the settings'");
        assertEquals(2, own.lostSeconds());
        assertTrue(log.silences(1000).stream().noneMatch(s -> s.jobId().equals("r-done") || s.jobId().equals("r-never")));
        assertTrue(!watched("r-done") && !watched("r-never"));
    }

    @Test
    void theScriptEstimatesExactlyAsASingleNodeDoes() {
        InMemoryJobLog memory = new InMemoryJobLog(SETTINGS, new WireFormat(), new LocalBus());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<JobEvent> events = List.of(
                created("r-eta", Map.of()),
                new JobEvent(JobEventType.STARTED, "r-eta", null, null, null, null, start),
                progress("r-eta", Map.of("progress", 3), start.plusMillis(700)),
                progress("r-eta", Map.of("progress", 3.5), start.plusMillis(700)),
                progress("r-eta", Map.of("progress", 20, "ratePerSecond", 1), start.plusMillis(4100)),
                progress("r-eta", Map.of("progress", 21.25, "message", "x"), start.plusMillis(9000)),
                progress("r-eta", Map.of("progress", 21.25), start.plusMillis(19000)),
                progress("r-eta", Map.of("progress", 2), start.plusMillis(20000)),
                progress("r-eta", Map.of("progress", 97), start.plusMillis(20500)),
                progress("r-eta", Map.of("progress", 100), start.plusMillis(20600)),
                progress("r-eta", Map.of("progress", 0), start.plusMillis(21000)),
                progress("r-eta", Map.of("progress", 0.000001), start.plusMillis(1_000_021_000)));
        for (JobEvent event : events) {
            StoredEvent inRedis = log.append(event);
            StoredEvent inMemory = memory.append(event);
            assertEquals(data(inMemory), data(inRedis), "the same data in both, after " + event);
        }
        assertEquals(0, data(log.latest("r-eta", 3).get(0)).getInt("etaSeconds"), "at 100 %: nothing left");
        assertTrue(!data(log.latest("r-eta", 1).get(0)).containsKey("etaSeconds"), "no end in sight");
    }
}
