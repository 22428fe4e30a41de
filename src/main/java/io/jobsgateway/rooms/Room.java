package io.jobsgateway.rooms;

/** A room's name as the wire shows it: {@code job:J}, {@code client:C}, {@code user:U} or {@code all-jobs}. */
public record Room(String name) {

    public static final Room ALL_JOBS = new Room("all-jobs");

    public static Room job(String jobId) {
        return new Room("job:" + jobId);
    }

    public static Room client(String clientId) {
        return new Room("client:" + clientId);
    }

    public static Room user(String userId) {
        return new Room("user:" + userId);
    }

    /** The job id of a job room, or null for any other room. */
    public String jobId() {
        return name.startsWith("job:") ? name.substring(4) : null;
    }
}
