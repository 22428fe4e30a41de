package io.jobsgateway.watchdog;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.history.Silence;
import io.jobsgateway.quirks.JsonP;
import java.time.Duration;
import java.time.Instant;

/**
 * What the watchdog says of a silent job, in the contract's terms: a {@code job.updated} with
 * status {@code stalled}, then a {@code job.failed} with error {@code lost}; both with
 * {@code lastEventAt}, when the job was last heard from, and {@code silentSeconds}.
 */
final class WatchdogEvents {

    static final String STALLED = "stalled";
    static final String LOST = "lost";

    private WatchdogEvents() {
    }

    static JobEvent of(Silence silence, Silence.Step step, Instant now) {
        long silentSeconds = Duration.between(silence.lastHeardAt(), silence.now()).toSeconds();
        var data = JsonP.createObjectBuilder()
                .add("lastEventAt", Timestamps.format(silence.lastHeardAt()))
                .add("silentSeconds", silentSeconds);
        if (step == Silence.Step.STALL) {
            data.add("message", "No event for " + silentSeconds + " s");
            return new JobEvent(JobEventType.UPDATED, silence.jobId(), null, null, STALLED, data.build(), now);
        }
        data.add("completedAt", Timestamps.format(now))
                .add("error", LOST)
                .add("errorMessage", "No event for " + silentSeconds + " s: the job is taken as lost");
        return new JobEvent(JobEventType.FAILED, silence.jobId(), null, null, null, data.build(), now);
    }
}
