package io.jobsgateway.rooms;

import io.jobsgateway.access.Identity;
import io.jobsgateway.history.StoredEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open WebSocket: who it is, the rooms it is in, and the last {@code seq} it got of each
 * job it subscribed to, so that it gets each job event at most once and in order, also while
 * a {@code since} replay is merged with live events.
 */
public final class Connection {

    enum Join { JOINED, ALREADY_IN, FULL, CLOSED }

    private final String id;
    private final Identity identity;
    private final Outbox outbox;
    private final int maxRooms;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    private volatile long drainingSinceNanos;
    private final RateWindow rate;

    // guarded by this
    private final Set<Room> rooms = new HashSet<>();
    private final Map<String, Long> lastSeqByJob = new HashMap<>();
    private final Map<String, List<StoredEvent>> heldDuringReplay = new HashMap<>();
    private boolean closed;

    Connection(String id, Identity identity, Outbox outbox, int maxRooms, int ratePerSecond, long nowNanos) {
        this.id = id;
        this.identity = identity;
        this.outbox = outbox;
        this.maxRooms = maxRooms;
        this.rate = new RateWindow(ratePerSecond, nowNanos);
        this.lastSeenNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    /** Sends nothing more; the connection stays in its rooms until the container reports it closed. */
    void stopSending() {
        outbox.stop();
    }

    /** Its outbox overflowed: it waits for the client to read what was written, then closes with 1013. */
    void startDraining(long nowNanos) {
        drainingSinceNanos = nowNanos == 0 ? 1 : nowNanos;
    }

    boolean isDraining() {
        return drainingSinceNanos != 0;
    }

    long drainingSinceNanos() {
        return drainingSinceNanos;
    }

    /** Queues a frame; never blocks. */
    void send(String json) {
        outbox.offer(json);
    }

    /** Sends a job event unless this connection already got it; holds it while a replay of its job runs. */
    synchronized void deliver(StoredEvent event) {
        List<StoredEvent> held = heldDuringReplay.get(event.jobId());
        if (held != null) {
            held.add(event);
            return;
        }
        Long lastSeq = lastSeqByJob.get(event.jobId());
        if (lastSeq != null) {
            if (event.seq() <= lastSeq) {
                return;
            }
            lastSeqByJob.put(event.jobId(), event.seq());
        }
        outbox.offer(event.json());
    }

    synchronized Join canJoin(Room room) {
        if (closed) {
            return Join.CLOSED;
        }
        if (rooms.contains(room)) {
            return Join.ALREADY_IN;
        }
        return rooms.size() >= maxRooms ? Join.FULL : Join.JOINED;
    }

    synchronized Join join(Room room) {
        Join verdict = canJoin(room);
        if (verdict == Join.JOINED) {
            rooms.add(room);
            if (room.jobId() != null) {
                lastSeqByJob.putIfAbsent(room.jobId(), 0L);
            }
        }
        return verdict;
    }

    synchronized boolean leave(Room room) {
        if (room.jobId() != null) {
            lastSeqByJob.remove(room.jobId());
            heldDuringReplay.remove(room.jobId());
        }
        return rooms.remove(room);
    }

    /** Marks the connection closed and answers the rooms it has to leave. */
    synchronized Set<Room> close() {
        closed = true;
        outbox.stop();
        Set<Room> left = Set.copyOf(rooms);
        rooms.clear();
        lastSeqByJob.clear();
        heldDuringReplay.clear();
        return left;
    }

    /** From now until {@link #finishReplay}, live events of the job are held back. */
    synchronized void startReplay(String jobId) {
        heldDuringReplay.put(jobId, new ArrayList<>());
    }

    /**
     * Sends the reply, then the replayed events, then what arrived live meanwhile, skipping
     * anything already sent: no duplicate and no gap between replay and live events.
     */
    synchronized void finishReplay(String jobId, String reply, List<StoredEvent> replayed, long afterSeq) {
        List<StoredEvent> held = heldDuringReplay.remove(jobId);
        outbox.offer(reply);
        if (closed || held == null) {
            return;
        }
        long lastSeq = afterSeq;
        for (StoredEvent event : replayed) {
            if (event.seq() > lastSeq) {
                outbox.offer(event.json());
                lastSeq = event.seq();
            }
        }
        for (StoredEvent event : held) {
            if (event.seq() > lastSeq) {
                outbox.offer(event.json());
                lastSeq = event.seq();
            }
        }
        lastSeqByJob.put(jobId, lastSeq);
    }

    RateWindow.Verdict recordInbound(long nowNanos) {
        lastSeenNanos = nowNanos;
        return rate.record(nowNanos);
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }
}
