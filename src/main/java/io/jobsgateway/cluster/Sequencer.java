package io.jobsgateway.cluster;

import io.jobsgateway.history.StoredEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a node's delivery of each job in {@code seq} order with no gap and no duplicate,
 * whatever pub/sub does: a {@code seq} further than one past the last delivered means messages
 * were lost, and the missing events are read from the job's history before this one goes out.
 * Used by one thread only, the bus's delivery thread.
 */
final class Sequencer {

    /** Reads a job's stored events after a seq, oldest first. */
    interface History {
        List<StoredEvent> since(String jobId, long afterSeq);
    }

    private final History history;
    private final Map<String, Long> lastSeqByJob;

    Sequencer(History history, int jobsRemembered) {
        this.history = history;
        // Least recently active jobs are forgotten first: bounded memory on a long-lived node.
        this.lastSeqByJob = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > jobsRemembered;
            }
        };
    }

    /** The events to deliver now that {@code event} has arrived: none, it alone, or the ones it was missing first. */
    List<StoredEvent> arrived(StoredEvent event) {
        Long last = lastSeqByJob.get(event.jobId());
        if (last != null && event.seq() <= last) {
            return List.of(); // already delivered, by an earlier gap fill
        }
        List<StoredEvent> deliver = new ArrayList<>();
        if (last != null && event.seq() > last + 1) {
            for (StoredEvent missing : history.since(event.jobId(), last)) {
                if (missing.seq() < event.seq()) {
                    deliver.add(missing);
                }
            }
        }
        deliver.add(event);
        lastSeqByJob.put(event.jobId(), event.seq());
        return deliver;
    }
}
