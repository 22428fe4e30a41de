package io.jobsgateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.history.Silence.Step;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The watchdog's decisions. */
class SilenceTest {

    private static final Instant HEARD = Instant.parse("2026-01-01T00:00:00Z");

    private static Optional<Step> after(long seconds, boolean stalled, long stall, long lost) {
        return new Silence("j", 3, HEARD, stalled, stall, lost, HEARD.plusSeconds(seconds)).due();
    }

    @Test
    void aJobStallsAfterItsStallTimeoutAndOnlyOnce() {
        assertEquals(Optional.empty(), after(9, false, 10, 60));
        assertEquals(Optional.of(Step.STALL), after(10, false, 10, 60));
        assertEquals(Optional.empty(), after(30, true, 10, 60), "stalled already: nothing until it is lost");
    }

    @Test
    void aStalledJobIsLostAfterItsLostTimeoutCountedFromItsLastEvent() {
        assertEquals(Optional.empty(), after(59, true, 10, 60));
        assertEquals(Optional.of(Step.LOSE), after(60, true, 10, 60));
    }

    @Test
    void aJobSilentPastBothTimeoutsStallsFirstAndIsLostAtTheNextSweep() {
        assertEquals(Optional.of(Step.STALL), after(600, false, 10, 60));
        assertEquals(Optional.of(Step.STALL), after(20, false, 10, 5), "a lost timeout shorter than the stall one");
        assertEquals(Optional.of(Step.LOSE), after(20, true, 10, 5));
    }

    @Test
    void eitherTimeoutMayBeOff() {
        assertEquals(Optional.of(Step.LOSE), after(60, false, 0, 60), "no stall timeout: lost at once");
        assertEquals(Optional.empty(), after(59, false, 0, 60));
        assertEquals(Optional.empty(), after(10_000, true, 10, 0), "no lost timeout: stalled for good");
        assertEquals(Optional.empty(), after(10_000, false, 0, 0));
    }

    @Test
    void theNextStepIsWhenTheWatchdogLooksNext() {
        Silence fresh = new Silence("j", 3, HEARD, false, 10, 60, HEARD);
        assertEquals(Optional.of(HEARD.plusSeconds(10)), fresh.nextStepAt());
        assertEquals(Optional.of(HEARD.plusSeconds(60)), fresh.afterStall().nextStepAt());
        assertEquals(4, fresh.afterStall().seq(), "the stall is the job's next event");
        assertEquals(Optional.empty(), new Silence("j", 3, HEARD, true, 10, 0, HEARD).nextStepAt());
    }
}
