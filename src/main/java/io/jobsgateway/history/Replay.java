package io.jobsgateway.history;

import java.util.List;

/**
 * The stored events of a job after a given {@code seq}, oldest first; {@code recovered} is
 * false when some of them were trimmed or expired, so the client knows it missed events.
 */
public record Replay(boolean recovered, List<StoredEvent> events) {

    public static final Replay NOTHING_MISSED = new Replay(true, List.of());

    public Replay {
        events = List.copyOf(events);
    }
}
