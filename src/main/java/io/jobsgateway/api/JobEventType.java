package io.jobsgateway.api;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of job event, each with its name on the wire and the status it carries by default. */
public enum JobEventType {
    CREATED("job.created", "pending"),
    STARTED("job.started", "processing"),
    PROGRESS("job.progress", "processing"),
    UPDATED("job.updated", "processing"),
    COMPLETED("job.completed", "completed"),
    FAILED("job.failed", "failed");

    private final String wireName;
    private final String defaultStatus;

    JobEventType(String wireName, String defaultStatus) {
        this.wireName = wireName;
        this.defaultStatus = defaultStatus;
    }

    public String wireName() {
        return wireName;
    }

    public String defaultStatus() {
        return defaultStatus;
    }

    public static Optional<JobEventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
