package io.jobsgateway.bus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a node's delivery of each job in {@code seq} order with no gap and no duplicate,
 * whatever pub/sub does: a {@code seq} further than one past the last delivered means messages
 * were lost, and the missing events are read from the job's history before this one goes out.
 * A job whose gap could not be read (Redis gone at that moment) waits for a catch-up, as every
 * job does after the bus was down ({@link #catchUpEveryJob}): {@link #catchUp} reads from
 * history what each missed, the event that found the gap included. Used by one thread only, the
 * bus's delivery thread.
 */
final class Sequencer {

    /** Jobs whose current seq one catch-up round trip asks for. */
    static final int CATCH_UP_BATCH = 1000;

    private record Position(long lastSeq, String epoch) {
    }

    private final StoredHistory history;
    private final Map<String, Position> positions;
    /** Jobs that may have missed events, oldest first: caught up by {@link #catchUp}. */
    private final Set<String> behind = new LinkedHashSet<>();

    Sequencer(StoredHistory history, int jobsRemembered) {
        this.history = history;
        // Least recently active jobs are forgotten first: bounded memory on a long-lived node.
        this.positions = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Position> eldest) {
                return size() > jobsRemembered;
            }
        };
    }

    /** The events to deliver now that {@code event} has arrived: none, it alone, or the ones it was missing first. */
    List<StoredEvent> arrived(StoredEvent event) {
        Position position = positions.get(event.jobId());
        if (position != null && !position.epoch().equals(event.epoch())) {
            // The job's seq started again (Redis lost its keys): the new stream from its start.
            position = new Position(0, event.epoch());
        }
        if (position != null && event.seq() <= position.lastSeq()) {
            return List.of(); // already delivered, by an earlier gap fill
        }
        List<StoredEvent> deliver = new ArrayList<>();
        if (position != null && event.seq() > position.lastSeq() + 1) {
            List<StoredEvent> stored;
            try {
                stored = history.storedAfter(event.jobId(), position.lastSeq());
            } catch (RuntimeException e) {
                behind.add(event.jobId()); // not lost: the catch-up reads it from history with the gap
                return List.of();
            }
            for (StoredEvent missing : stored) {
                if (missing.seq() > position.lastSeq() && missing.seq() < event.seq() && missing.epoch().equals(event.epoch())) {
                    deliver.add(missing);
                }
            }
        }
        deliver.add(event);
        positions.put(event.jobId(), new Position(event.seq(), event.epoch()));
        behind.remove(event.jobId());
        return deliver;
    }

    /** After the bus was down: every job this node remembers may have missed its last events. */
    void catchUpEveryJob() {
        behind.addAll(positions.keySet());
    }

    boolean anyBehind() {
        return !behind.isEmpty();
    }

    int behind() {
        return behind.size();
    }

    /**
     * What the jobs behind missed, for up to {@link #CATCH_UP_BATCH} of them in one round trip
     * (call again while {@link #anyBehind}); since a job whose last events were lost has no later
     * event to reveal the gap. A failure leaves the jobs behind for the next call.
     */
    List<StoredEvent> catchUp() {
        List<String> batch = new ArrayList<>();
        for (Iterator<String> jobs = behind.iterator(); jobs.hasNext() && batch.size() < CATCH_UP_BATCH; ) {
            batch.add(jobs.next());
        }
        List<StoredEvent> deliver = new ArrayList<>();
        if (batch.isEmpty()) {
            return deliver;
        }
        try {
            Map<String, Long> current = history.currentSeqs(batch);
            for (String jobId : batch) {
                Position position = positions.get(jobId);
                long currentSeq = current.getOrDefault(jobId, 0L);
                if (position != null && currentSeq != position.lastSeq()) {
                    // Below the last delivered: the seq started again meanwhile; read the new stream whole.
                    long after = currentSeq < position.lastSeq() ? 0 : position.lastSeq();
                    for (StoredEvent missed : history.storedAfter(jobId, after)) {
                        deliver.addAll(arrived(missed));
                    }
                }
                behind.remove(jobId);
            }
        } catch (RuntimeException e) {
            // Redis gone again: what was read goes out, the jobs not reached stay behind for the next call
        }
        return deliver;
    }
}
