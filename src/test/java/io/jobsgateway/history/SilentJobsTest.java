package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.bus.LocalBus;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.InMemoryJobLogTest.MutableClock;
import io.jobsgateway.history.Silence.Step;
import io.jobsgateway.quirks.JsonP;
import io.jobsgateway.wire.WireFormat;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a single node's log tells the watchdog, and what it stores of it; the decisions are SilenceTest's. */
class SilentJobsTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryJobLog log = new InMemoryJobLog(Settings.of(Map.of(
            "jobs.stall-timeout-seconds", "10", "jobs.lost-timeout-seconds", "60")), new WireFormat(), new LocalBus(), clock);

    private static JobEvent stalled(String jobId) {
        return JobEvent.updated(jobId, "stalled", Map.of());
    }

    private Silence only() {
        List<Silence> silences = log.silences(100);
        assertEquals(1, silences.size(), silences.toString());
        return silences.get(0);
    }

    @Test
    void aSilentJobIsStalledOnceThenLostAndThenNoLongerWatched() {
        log.append(JobEvent.created("j").ownedBy("acme"));
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), log.silences(100));

        clock.advance(Duration.ofSeconds(1));
        Silence silence = only();
        assertEquals(new Silence("j", 1, clock.instant().minusSeconds(10), false, 10, 60, clock.instant()), silence);
        assertEquals(2, log.appendIfStill(silence, Step.STALL, stalled("j")).orElseThrow().seq());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(List.of(), log.silences(100), "stalled once; not heard from since the first event");

        clock.advance(Duration.ofSeconds(30));
        Silence lost = only();
        assertEquals(Optional.of(Step.LOSE), lost.due());
        assertTrue(lost.stalled());
        assertEquals(3, log.appendIfStill(lost, Step.LOSE, JobEvent.failed("j", "lost", "gone")).orElseThrow().seq());
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), log.silences(100), "a lost job is over");
    }

    @Test
    void anEventThatComesDuringTheSweepWinsAndTwoSweepsNeverBothSpeak() {
        log.append(JobEvent.created("j").ownedBy("acme"));
        clock.advance(Duration.ofSeconds(10));
        Silence seen = only();
        log.append(JobEvent.progress("j", 5, null, null)); // the job spoke after the sweep read it

        assertEquals(Optional.empty(), log.appendIfStill(seen, Step.STALL, stalled("j")));
        assertEquals(List.of(), log.silences(100), "heard from just now");

        clock.advance(Duration.ofSeconds(10));
        Silence again = only();
        assertTrue(log.appendIfStill(again, Step.STALL, stalled("j")).isPresent());
        assertEquals(Optional.empty(), log.appendIfStill(again, Step.STALL, stalled("j")), "a second sweep on the same view");
        assertEquals(3, log.latest("j", 10).size());
    }

    @Test
    void aRealEventClearsTheStallAndTheNextSilenceStallsAgain() {
        log.append(JobEvent.created("j").ownedBy("acme"));
        clock.advance(Duration.ofSeconds(10));
        log.appendIfStill(only(), Step.STALL, stalled("j")).orElseThrow();
        clock.advance(Duration.ofSeconds(40));
        log.append(JobEvent.progress("j", 50, null, null));

        clock.advance(Duration.ofSeconds(55));
        Silence silence = only();
        assertEquals(Optional.of(Step.STALL), silence.due(), "the lost timeout counts from the last real event");
        assertEquals(false, silence.stalled());
    }

    @Test
    void aJobThatEndedIsNotWatchedAndAJobCreatedWithItsOwnTimeoutsKeepsThem() {
        log.append(JobEvent.created("done").ownedBy("acme"));
        log.append(JobEvent.completed("done", Map.of(), List.of()));
        log.append(created("own", Map.of("stallTimeoutSeconds", 0, "lostTimeoutSeconds", 30)));
        log.append(created("never", Map.of("stallTimeoutSeconds", 0, "lostTimeoutSeconds", 0)));
        log.append(created("wrong", Map.of("stallTimeoutSeconds", "soon", "lostTimeoutSeconds", -1)));

        clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of("wrong"), log.silences(100).stream().map(Silence::jobId).toList(),
                "a timeout that is no whole number of seconds counts as not given");
        clock.advance(Duration.ofSeconds(20));
        Silence own = log.silences(100).stream().filter(s -> s.jobId().equals("own")).findFirst().orElseThrow();
        assertEquals(Optional.of(Step.LOSE), own.due(), "no stall timeout of its own: lost at once");
    }

    @Test
    void progressGetsTheEstimateItDidNotBringAndKeepsTheOneItBrought() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        log.append(JobEvent.created("p").ownedBy("acme"));
        log.append(new JobEvent(JobEventType.STARTED, "p", null, null, null, null, start));
        StoredEvent first = log.append(progress("p", Map.of("progress", 20, "message", "a"), start.plusSeconds(4)));
        StoredEvent own = log.append(progress("p", Map.of("progress", 30, "etaSeconds", 99), start.plusSeconds(6)));
        StoredEvent fed = log.append(progress("p", Map.of("progress", 40), start.plusSeconds(8)));

        assertEquals(JsonP.createObjectBuilder().add("progress", 20).add("message", "a").add("etaSeconds", 16)
                .add("ratePerSecond", 5).build(), data(first));
        assertEquals(JsonP.createObjectBuilder().add("progress", 30).add("etaSeconds", 99).build(), data(own),
                "what the publisher sent is never changed");
        assertEquals(12, data(fed).getInt("etaSeconds"), "5 %/s throughout: 60 % in 12 s");
        assertEquals(5, data(fed).getJsonNumber("ratePerSecond").doubleValue(), 1e-9);
        assertEquals(List.of(first, own, fed), log.latest("p", 3), "stored as delivered");
    }

    static JobEvent created(String jobId, Map<String, ?> data) {
        return new JobEvent(JobEventType.CREATED, jobId, "acme", null, null, JsonP.createObjectBuilder(
                (Map<String, Object>) data).build(), null);
    }

    static JobEvent progress(String jobId, Map<String, ?> data, Instant at) {
        return new JobEvent(JobEventType.PROGRESS, jobId, null, null, null, JsonP.createObjectBuilder(
                (Map<String, Object>) data).build(), at);
    }

    static JsonObject data(StoredEvent stored) {
        try (var reader = JsonP.createReader(stored.json())) {
            return reader.readObject().getJsonObject("data");
        }
    }
}
