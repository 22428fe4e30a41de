package io.jobsgateway.api;

import java.util.List;

/** A job's stored events, for {@link JobsGateway#getJobHistory}: kept in memory on one node, in Redis in a cluster. */
public interface JobHistory {

    /** The job's last {@code limit} stored events, oldest first, each the JSON text clients receive. */
    List<String> lastEvents(String jobId, int limit);
}
