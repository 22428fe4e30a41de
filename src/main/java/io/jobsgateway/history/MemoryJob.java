package io.jobsgateway.history;

import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.config.Settings;
import io.jobsgateway.wire.JobEventParts;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One job of a single node's job log ({@link InMemoryJobLog}): its place, owner and events, its
 * progress estimate and what the watchdog needs. Guarded by its own lock ({@code synchronized}).
 */
final class MemoryJob {

    final String epoch = Epochs.next(); // a job forgotten, or a node restarted, starts a new stream
    long seq;
    String clientId;
    String userId;
    Instant lastEventAt;
    boolean removed;
    final ArrayDeque<StoredEvent> events = new ArrayDeque<>();
    private ProgressRate rate; // null until its first job.started or progress
    private Instant heardAt; // its last event not made by the watchdog
    private boolean stalled;
    private long stallSeconds = -1; // its own timeouts, from its job.created; -1: the settings'
    private long lostSeconds = -1;

    MemoryJob(Instant now) {
        lastEventAt = now;
    }

    /** The event's parts, with the estimate's fields when it is a progress that gets them; the estimate moved on. */
    JobEventParts estimated(Tracking tracking, JobEventParts parts) {
        if (tracking.kind() == Tracking.STARTED) {
            rate = ProgressRate.startedAt(tracking.atMillis());
        } else if (tracking.counted()) {
            rate = ProgressRate.next(rate, tracking.percent(), tracking.atMillis());
            if (tracking.kind() == Tracking.ESTIMATED) {
                return parts.withDataMembers(rate.fields(tracking.percent()));
            }
        }
        return parts;
    }

    /** A real event at {@code at}: the job was heard from and is no longer stalled. Answers whether it is to be watched. */
    boolean heard(Tracking tracking, Instant at, Settings.Watchdog settings) {
        if (tracking.kind() == Tracking.CREATED && tracking.setsTimeouts()) {
            stallSeconds = tracking.stallSeconds(settings);
            lostSeconds = tracking.lostSeconds(settings);
        }
        heardAt = at;
        stalled = false;
        return !tracking.ends() && Silence.firstStepAfter(stallSeconds(settings), lostSeconds(settings)).isPresent();
    }

    /** The watchdog spoke for the job. Answers whether it is still to be watched: after a stall, until it is lost. */
    boolean spokenFor(Silence.Step step) {
        stalled = stalled || step == Silence.Step.STALL;
        return step == Silence.Step.STALL;
    }

    Silence silence(String jobId, long seq, Instant now, Settings.Watchdog settings) {
        return new Silence(jobId, seq, heardAt, stalled, stallSeconds(settings), lostSeconds(settings), now);
    }

    private long stallSeconds(Settings.Watchdog settings) {
        return stallSeconds >= 0 ? stallSeconds : settings.stallTimeoutSeconds();
    }

    private long lostSeconds(Settings.Watchdog settings) {
        return lostSeconds >= 0 ? lostSeconds : settings.lostTimeoutSeconds();
    }
}
