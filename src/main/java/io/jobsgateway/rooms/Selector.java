package io.jobsgateway.rooms;

/** Which room a client names: exactly one of job, user, all, or none (its own client's room). */
public record Selector(String jobId, String userId, boolean all) {

    public static Selector job(String jobId) {
        return new Selector(jobId, null, false);
    }
}
