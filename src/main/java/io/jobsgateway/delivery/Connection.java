package io.jobsgateway.delivery;

import io.jobsgateway.access.Identity;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.DeliveryMeters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One open connection, whatever its transport: who it is, the rooms it is in (by name), and the
 * last {@code seq} it got of each job it subscribed to, so that it gets each job event at most
 * once and in order, also while a {@code since} replay is merged with live events.
 */
public final class Connection {

    /** The verdict on a request to join a room. */
    public enum Join { JOINED, ALREADY_IN, FULL, CLOSED }

    private final String id;
    private final Identity identity;
    private final Outbox outbox;
    private final Transport transport;
    private final int maxRooms;
    private volatile long lastSeenNanos;
    private volatile long lastPingNanos;
    private volatile long drainingSinceNanos;
    private volatile long closeRequestedNanos; // 0 until disconnect() is first called
    private volatile int closeCode; // what disconnect() was first asked, for the log and the metrics
    private volatile String closeReason;

    // guarded by this
    private final Set<String> rooms = new HashSet<>();
    private final Map<String, Position> positions = new HashMap<>();
    private final Map<String, List<StoredEvent>> heldDuringReplay = new HashMap<>();
    private boolean closed;

    /**
     * @param maxQueued messages that may wait for the client before it counts as too slow
     * @param maxQueuedBytes what they may weigh together (see {@link Outbox})
     * @param maxRooms  rooms it may be in at once
     */
    public Connection(String id, Identity identity, Transport transport, int maxQueued, long maxQueuedBytes, int maxRooms,
                      long nowNanos, DeliveryMeters meters) {
        this.id = id;
        this.identity = identity;
        this.transport = transport;
        this.outbox = new Outbox(transport::send, maxQueued, maxQueuedBytes, () -> transport.overflowed(this), transport::failed,
                meters);
        this.maxRooms = maxRooms;
        this.lastSeenNanos = nowNanos;
        this.lastPingNanos = nowNanos;
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    /** Its transport's name: websocket, sse or poll. */
    public String transport() {
        return transport.name();
    }

    /**
     * Sends nothing more and has the transport close with {@code code}; the connection stays in
     * its rooms until the transport reports it closed.
     */
    public void disconnect(int code, String reason) {
        outbox.stop();
        boolean first;
        synchronized (this) {
            first = closeRequestedNanos == 0;
            if (first) {
                closeCode = code;
                closeReason = reason;
                closeRequestedNanos = Math.max(1, System.nanoTime());
            }
        }
        if (first) { // once: the heartbeat sees it again every tick until it is gone
            transport.close(code, reason);
        }
    }

    /** When {@link #disconnect} was first asked, or 0. */
    public long closeRequestedNanos() {
        return closeRequestedNanos;
    }

    /** The code {@link #disconnect} was first asked to close with; 0 when it was not, or gave none. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Its outbox overflowed: it waits for the client to read what was written, then closes with 1013. */
    public void startDraining(long nowNanos) {
        drainingSinceNanos = nowNanos == 0 ? 1 : nowNanos;
    }

    public boolean isDraining() {
        return drainingSinceNanos != 0;
    }

    public long drainingSinceNanos() {
        return drainingSinceNanos;
    }

    /** Queues a message; never blocks. */
    public void send(String json) {
        send(new Outgoing(json));
    }

    /** Queues a message that may go to others too; never blocks. */
    public void send(Outgoing message) {
        outbox.offer(message);
    }

    /**
     * Sends a job event unless this connection already got it; holds it while a replay of its job
     * runs. {@code message} is the event's JSON as all of its receivers share it (so that it is
     * framed once for all).
     */
    public synchronized void deliver(StoredEvent event, Outgoing message) {
        List<StoredEvent> held = heldDuringReplay.get(event.jobId());
        if (held != null) {
            held.add(event);
            return;
        }
        Position position = positions.get(event.jobId());
        if (position != null) {
            if (!position.admits(event)) {
                return;
            }
            positions.put(event.jobId(), Position.of(event));
        }
        outbox.offerEvent(event.jobId(), message, event.storedAtMicros());
    }

    /**
     * Where a connection stands in a job: the last {@code seq} it got of the job's stream
     * {@code epoch} (null before it got any). An event of another stream is the job's seq
     * starting again, and is let through from its start.
     */
    private record Position(String epoch, long seq) {

        static final Position START = new Position(null, 0);

        static Position of(StoredEvent event) {
            return new Position(event.epoch(), event.seq());
        }

        boolean admits(StoredEvent event) {
            return (epoch != null && !epoch.equals(event.epoch())) || event.seq() > seq;
        }
    }

    /** What {@link #join} would answer now. */
    public synchronized Join canJoin(String room) {
        if (closed) {
            return Join.CLOSED;
        }
        if (rooms.contains(room)) {
            return Join.ALREADY_IN;
        }
        return rooms.size() >= maxRooms ? Join.FULL : Join.JOINED;
    }

    /** Enters the room named {@code room}; {@code jobId} is its job for a job room, else null. */
    public synchronized Join join(String room, String jobId) {
        Join verdict = canJoin(room);
        if (verdict == Join.JOINED) {
            rooms.add(room);
            if (jobId != null) {
                positions.putIfAbsent(jobId, Position.START);
            }
        }
        return verdict;
    }

    public synchronized boolean leave(String room, String jobId) {
        if (jobId != null) {
            positions.remove(jobId);
            heldDuringReplay.remove(jobId);
        }
        return rooms.remove(room);
    }

    /** Marks the connection closed and answers the names of the rooms it has to leave. */
    public synchronized Set<String> close() {
        closed = true;
        outbox.stop();
        Set<String> left = Set.copyOf(rooms);
        rooms.clear();
        positions.clear();
        heldDuringReplay.clear();
        return left;
    }

    /** From now until {@link #finishReplay}, live events of the job are held back. */
    public synchronized void startReplay(String jobId) {
        heldDuringReplay.put(jobId, new ArrayList<>());
    }

    /** Gives up a replay that {@link #startReplay} began: the connection did not join the job's room. */
    public synchronized void cancelReplay(String jobId) {
        heldDuringReplay.remove(jobId);
    }

    /**
     * Sends the reply, then the replayed events, then what arrived live meanwhile, skipping
     * anything already sent: no duplicate and no gap between replay and live events.
     */
    public synchronized void finishReplay(String jobId, String reply, List<StoredEvent> replayed, String epoch,
                                          long afterSeq) {
        List<StoredEvent> held = heldDuringReplay.remove(jobId);
        outbox.offer(new Outgoing(reply));
        if (closed || held == null) {
            return;
        }
        Position position = new Position(epoch, afterSeq);
        for (List<StoredEvent> events : List.of(replayed, held)) {
            boolean live = events == held; // a replayed event's age is no delivery lag
            for (StoredEvent event : events) {
                if (position.admits(event)) {
                    outbox.offerEvent(event.jobId(), new Outgoing(event.json()), live ? event.storedAtMicros() : 0);
                    position = Position.of(event);
                }
            }
        }
        positions.put(jobId, position);
    }

    /** The client was heard from: any message keeps the connection alive. */
    public void heardFrom(long nowNanos) {
        lastSeenNanos = nowNanos;
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    public long lastPingNanos() {
        return lastPingNanos;
    }

    public void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
    }
}
