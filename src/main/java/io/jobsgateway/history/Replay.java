package io.jobsgateway.history;

import io.jobsgateway.bus.StoredEvent;
import java.util.List;
import java.util.Objects;

/**
 * What a resuming client gets of a job: the stored events it missed, oldest first;
 * {@code recovered} is false when some of them were trimmed or expired, or when its position
 * belonged to a stream of the job that no longer exists; {@code epoch} is the job's current
 * stream (null while it has none); {@code position} is the {@code seq} the client now stands at.
 */
public record Replay(boolean recovered, List<StoredEvent> events, String epoch, long position) {

    public Replay {
        events = List.copyOf(events);
    }

    /** Nothing could be read: the client may have missed events and keeps its position. */
    public static Replay unreadable(long afterSeq) {
        return new Replay(false, List.of(), null, afterSeq);
    }

    /**
     * A job with no stored event, and so also, lest the answer tell them apart, a job the client
     * may not see: a position above 0 belonged to a stream that is gone.
     */
    public static Replay unknownJob(long afterSeq, String clientEpoch) {
        return of(0, null, List.of(), afterSeq, clientEpoch);
    }

    /**
     * What a client at {@code afterSeq} of stream {@code clientEpoch} (null when it sent none)
     * missed of a job now at {@code currentSeq} of {@code currentEpoch}, given the events still
     * {@code stored} (oldest first). A position the current stream never had (another epoch, or
     * a seq above the current one) means the job's seq started again: every stored event of the
     * current stream is missed, and it is not recovered (contract section 4).
     */
    public static Replay of(long currentSeq, String currentEpoch, List<StoredEvent> stored, long afterSeq,
                            String clientEpoch) {
        List<StoredEvent> current = stored.stream().filter(e -> Objects.equals(e.epoch(), currentEpoch)).toList();
        boolean otherStream = clientEpoch != null && !clientEpoch.equals(currentEpoch);
        if (otherStream || afterSeq > currentSeq) {
            return new Replay(false, current, currentEpoch, 0);
        }
        List<StoredEvent> missed = current.stream().filter(e -> e.seq() > afterSeq).toList();
        boolean recovered = afterSeq == currentSeq || (!missed.isEmpty() && missed.get(0).seq() == afterSeq + 1);
        return new Replay(recovered, missed, currentEpoch, afterSeq);
    }
}
