package io.jobsgateway.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a node's delivery of each job in {@code seq} order with no gap and no duplicate,
 * whatever pub/sub does: a {@code seq} further than one past the last delivered means messages
 * were lost, and the missing events are read from the job's history before this one goes out.
 * After the bus was down, {@link #catchUp} does the same for jobs whose next event never came.
 * Used by one thread only, the bus's delivery thread.
 */
final class Sequencer {

    private record Position(long lastSeq, String epoch, long atNanos) {
    }

    private final StoredHistory history;
    private final Map<String, Position> positions;

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
    List<StoredEvent> arrived(StoredEvent event, long nowNanos) {
        Position position = positions.get(event.jobId());
        if (position != null && !position.epoch().equals(event.epoch())) {
            // The job's seq started again (Redis lost its keys): the new stream from its start.
            position = new Position(0, event.epoch(), position.atNanos());
        }
        if (position != null && event.seq() <= position.lastSeq()) {
            return List.of(); // already delivered, by an earlier gap fill
        }
        List<StoredEvent> deliver = new ArrayList<>();
        if (position != null && event.seq() > position.lastSeq() + 1) {
            for (StoredEvent missing : history.storedAfter(event.jobId(), position.lastSeq())) {
                if (missing.seq() > position.lastSeq() && missing.seq() < event.seq() && missing.epoch().equals(event.epoch())) {
                    deliver.add(missing);
                }
            }
        }
        deliver.add(event);
        positions.put(event.jobId(), new Position(event.seq(), event.epoch(), nowNanos));
        return deliver;
    }

    /**
     * What was published but never arrived, for jobs active since {@code sinceNanos}: called when
     * the bus works again after an outage, since a job whose last events were lost has no later
     * event to reveal the gap.
     */
    List<StoredEvent> catchUp(long sinceNanos, long nowNanos) {
        List<String> recent = new ArrayList<>();
        positions.forEach((jobId, position) -> {
            if (position.atNanos() - sinceNanos >= 0) {
                recent.add(jobId);
            }
        });
        List<StoredEvent> deliver = new ArrayList<>();
        if (recent.isEmpty()) {
            return deliver;
        }
        history.currentSeqs(recent).forEach((jobId, currentSeq) -> {
            Position position = positions.get(jobId);
            if (position != null && currentSeq != position.lastSeq()) {
                // Below the last delivered: the seq started again while the bus was down; read the new stream whole.
                long after = currentSeq < position.lastSeq() ? 0 : position.lastSeq();
                for (StoredEvent missed : history.storedAfter(jobId, after)) {
                    deliver.addAll(arrived(missed, nowNanos));
                }
            }
        });
        return deliver;
    }
}
