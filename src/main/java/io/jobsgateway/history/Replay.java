package io.jobsgateway.history;

import io.jobsgateway.bus.StoredEvent;
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

    /**
     * What a client that saw up to {@code afterSeq} missed of a job now at {@code currentSeq},
     * given the events still {@code stored} (oldest first): recovered when they hold every one.
     */
    public static Replay of(long currentSeq, List<StoredEvent> stored, long afterSeq) {
        if (afterSeq >= currentSeq) {
            return NOTHING_MISSED;
        }
        List<StoredEvent> missed = stored.stream().filter(e -> e.seq() > afterSeq).toList();
        return new Replay(!missed.isEmpty() && missed.get(0).seq() == afterSeq + 1, missed);
    }
}
