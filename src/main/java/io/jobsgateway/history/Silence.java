package io.jobsgateway.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A job the watchdog looks at: where it stands ({@code seq}), when it was last heard from (its last
 * event not made by the watchdog), whether the watchdog already said it stalled, its timeouts, and
 * the store's clock when this was read. Holds the watchdog's one rule: a job silent for its stall
 * timeout is stalled, once; silent for its lost timeout (and stalled before, when it has a stall
 * timeout) it is lost. A lost timeout no longer than the stall timeout loses the job at the sweep
 * after the one that stalled it.
 *
 * @param stallSeconds 0: never stalled
 * @param lostSeconds  0: never lost
 */
public record Silence(String jobId, long seq, Instant lastHeardAt, boolean stalled, long stallSeconds,
                      long lostSeconds, Instant now) {

    /** What the watchdog does to a silent job. */
    public enum Step {
        /** a {@code job.updated} with status {@code stalled} */
        STALL,
        /** a {@code job.failed} with error {@code lost}: the job's end */
        LOSE
    }

    /** The step due now, if any. */
    public Optional<Step> due() {
        return nextStepAt().filter(at -> !at.isAfter(now))
                .map(at -> stalled || stallSeconds == 0 ? Step.LOSE : Step.STALL);
    }

    /** When the job's next step falls due; empty when it has none left. */
    public Optional<Instant> nextStepAt() {
        return firstStepAfter(stalled ? 0 : stallSeconds, lostSeconds).map(lastHeardAt::plus);
    }

    /** When, after a job's last real event, the watchdog first has to look at it; empty for never. */
    static Optional<Duration> firstStepAfter(long stallSeconds, long lostSeconds) {
        long seconds = stallSeconds > 0 ? stallSeconds : lostSeconds;
        return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    }

    /** This silence as it is once the job was said to be stalled. */
    Silence afterStall() {
        return new Silence(jobId, seq + 1, lastHeardAt, true, stallSeconds, lostSeconds, now);
    }
}
