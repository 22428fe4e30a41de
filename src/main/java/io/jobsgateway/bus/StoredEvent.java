package io.jobsgateway.bus;

/**
 * A job event as published: its place in the job ({@code seq} within the job's stream,
 * {@code epoch}), the owner it was checked against, its JSON as every receiver gets it, and
 * when it was stored (by the store's clock: Redis's in a cluster), for the delivery lag.
 *
 * @param storedAtMicros microseconds since the epoch; 0 when unknown (stored by a version that did not record it)
 */
public record StoredEvent(String jobId, long seq, String epoch, String clientId, String userId, String json,
                          long storedAtMicros) {

    /** An event whose store time is unknown. */
    public StoredEvent(String jobId, long seq, String epoch, String clientId, String userId, String json) {
        this(jobId, seq, epoch, clientId, userId, json, 0);
    }
}
