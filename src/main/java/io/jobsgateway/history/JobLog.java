package io.jobsgateway.history;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.JobHistory;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.api.JobEvent;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The cluster seam for job events: sequence numbers, owners and history, and the hand-over
 * of each event to the bus. On one node it lives in memory; in a cluster it lives in Redis,
 * where one script does the whole of {@link #append} in one round trip.
 */
public interface JobLog extends JobHistory {

    /** How many events a history request answers when it names no {@code limit}, on the WebSocket and over HTTP. */
    int DEFAULT_HISTORY_LIMIT = 100;

    /** A job's seq and owner outlive its history this many TTLs, so seq never restarts under a client. */
    int SEQ_LIFETIME_IN_TTLS = 7;

    /**
     * Publishes one event, as one atomic step: takes the job's next {@code seq} (1 for its
     * first event), checks or fixes the job's owner, appends the event to the job's history
     * (trimmed to {@code jobs.history.max-events}, kept {@code jobs.history.ttl-seconds} after
     * the job's last event) and hands it to the bus, so that every node sees a job's events in
     * {@code seq} order and no event has a {@code seq} without being stored.
     *
     * @throws JobOwnershipException    the event names another owner than the job's
     * @throws IllegalArgumentException the job is new and the event names no owner
     * @throws ClusterUnavailableException the store cannot be reached (cluster mode)
     */
    StoredEvent append(JobEvent event);

    /**
     * Publishes events in the order given, each as {@link #append} does, a new job's owner being
     * the event's client or else its publication's {@code ownerIfNew}. Every event's size is
     * checked before any is stored. A job's events are stored in the order given; events of
     * other jobs, and of other publishers, may come between them.
     *
     * @return per publication, in order, its stored event, or empty when its job belongs to
     *         another client (the others are stored all the same)
     * @throws EventTooLargeException      an event would be over {@code jobs.max-event-bytes}
     *                                     ({@link EventTooLargeException#index() which}): nothing is stored
     * @throws ClusterUnavailableException the store cannot be reached (cluster mode): some of the
     *                                     events may have been stored, as a lone event may be whose answer was lost
     */
    List<Optional<StoredEvent>> appendAll(List<Publication> publications);

    /**
     * Publishes one event fired by the application, without ever making the firer wait on the
     * network: as {@link #append} but problems are logged, not thrown. In a cluster the event
     * may wait in a bounded local outbox while Redis is unreachable.
     */
    default void submit(JobEvent event) {
        try {
            append(event);
        } catch (JobOwnershipException | IllegalArgumentException e) {
            refused(event, e);
        }
    }

    /** The refusal of a new job's first event that names no owner. */
    static IllegalArgumentException noOwner(String jobId) {
        return new IllegalArgumentException("the first event of job " + jobId
                + " must name its owner: JobEvent.ownedBy(clientId)");
    }

    /** Logs an event the log would not take, by the one rule for it. */
    static void refused(JobEvent event, RuntimeException why) {
        Logger.getLogger(JobLog.class.getName()).warning(() -> "Job event " + event.type().wireName()
                + " of job " + event.jobId() + " was not published: " + why.getMessage());
    }

    /**
     * For the watchdog: jobs whose next step ({@link Silence#due()}) is due by the store's clock, at
     * most {@code limit} of them. A job is watched while its last event does not end it and it has a
     * stall or lost timeout (the settings', or its own from its {@code job.created}).
     *
     * @throws ClusterUnavailableException the store cannot be reached (cluster mode)
     */
    List<Silence> silences(int limit);

    /**
     * Publishes the watchdog's event for a silent job, as {@link #append} does, but only if the job
     * is still where {@code silence} saw it (the same {@code seq}): an event that came meanwhile,
     * from the job or from another sweep, wins, and nothing is stored. A stall marks the job
     * stalled (until its next real event); a loss ends its watch. Neither counts as hearing from it.
     *
     * @return the stored event, or empty when the job moved on
     * @throws ClusterUnavailableException the store cannot be reached (cluster mode)
     */
    Optional<StoredEvent> appendIfStill(Silence silence, Silence.Step step, JobEvent event);

    /**
     * What a client at {@code afterSeq} of stream {@code epoch} (null when it named none) missed:
     * the stored events after it, oldest first, and whether none are missing ({@link Replay#of}).
     */
    Replay since(String jobId, long afterSeq, String epoch);

    /** The last {@code limit} stored events, oldest first. */
    List<StoredEvent> latest(String jobId, int limit);

    @Override
    default List<String> lastEvents(String jobId, int limit) {
        return latest(jobId, limit).stream().map(StoredEvent::json).toList();
    }

    /** The client (and user) that own the job, while the job's {@code seq} is remembered. */
    Optional<JobOwner> owner(String jobId);

    /** Whether {@code who} may read the job's history: the job exists and its owner is one {@code who} may see. */
    default boolean readableBy(String jobId, Identity who) {
        return owner(jobId).filter(owner -> who.maySee(owner.clientId(), owner.userId())).isPresent();
    }
}
