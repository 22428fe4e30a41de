package io.jobsgateway.bus;

import java.util.List;
import java.util.Map;

/** What the cluster bus reads of the job log to fill gaps that pub/sub left: the Redis job log. */
public interface StoredHistory {

    /** The job's stored events with {@code seq > afterSeq}, oldest first. */
    List<StoredEvent> storedAfter(String jobId, long afterSeq);

    /** The current {@code seq} of each job, 0 for one unknown, in one round trip. */
    Map<String, Long> currentSeqs(List<String> jobIds);
}
