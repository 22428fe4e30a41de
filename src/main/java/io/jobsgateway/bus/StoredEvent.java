package io.jobsgateway.bus;

/**
 * A job event as published: its place in the job ({@code seq} within the job's stream,
 * {@code epoch}), the owner it was checked against, and its JSON as every receiver gets it.
 */
public record StoredEvent(String jobId, long seq, String epoch, String clientId, String userId, String json) {
}
