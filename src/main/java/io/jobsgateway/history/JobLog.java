package io.jobsgateway.history;

import io.jobsgateway.events.JobEvent;
import java.util.List;
import java.util.Optional;

/**
 * The cluster seam for job events: sequence numbers, owners and history, and the hand-over
 * of each event to the bus. On one node it lives in memory; in a cluster it lives in Redis,
 * where one script does the whole of {@link #append} in one round trip.
 */
public interface JobLog {

    /**
     * Publishes one event, as one atomic step: takes the job's next {@code seq} (1 for its
     * first event), checks or fixes the job's owner, appends the event to the job's history
     * (trimmed to {@code jobs.history.max-events}, kept {@code jobs.history.ttl-seconds} after
     * the job's last event) and hands it to the bus, so that every node sees a job's events in
     * {@code seq} order and no event has a {@code seq} without being stored.
     *
     * @throws JobOwnershipException    the event names another owner than the job's
     * @throws IllegalArgumentException the job is new and the event names no owner
     */
    StoredEvent append(JobEvent event);

    /** The stored events with {@code seq > afterSeq}, oldest first, and whether none are missing. */
    Replay since(String jobId, long afterSeq);

    /** The last {@code limit} stored events, oldest first. */
    List<StoredEvent> latest(String jobId, int limit);

    /** The client that owns the job, while the job's {@code seq} is remembered. */
    Optional<String> owner(String jobId);
}
