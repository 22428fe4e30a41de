package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.wire.JobEventParts;
import io.jobsgateway.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A job event whose JSON, as sent, would be over {@code jobs.max-event-bytes}: refused before
 * anything is stored. The message names the job and the sizes, never the data.
 */
public class EventTooLargeException extends IllegalArgumentException {

    /**
     * What the log adds to the parts the firer gave: seq and epoch, the owner's client and user,
     * each at its longest ({@code ,"epoch":"12345678"} 19, a seq of 19 digits, {@code ,"clientId":""}
     * 14 + 128, {@code ,"userId":""} 12 + 128), so that the check holds before they are known.
     */
    static final int MOST_ADDED_BYTES = 19 + 19 + 14 + 128 + 12 + 128;

    private final int index;

    private EventTooLargeException(JobEvent event, long bytes, int limit, int index) {
        super("job event " + event.type().wireName() + " of job " + event.jobId() + " would be up to " + bytes
                + " bytes of JSON, over jobs.max-event-bytes = " + limit);
        this.index = index;
    }

    /** Where the event stands in the list given to {@link JobLog#appendAll} (0 for a lone event). */
    public int index() {
        return index;
    }

    /** Throws when the event's JSON, its seq, epoch and owner added, could be over {@code limit} bytes. */
    static void check(JobEvent event, JobEventParts parts, int limit) {
        check(event, parts, limit, 0);
    }

    /**
     * Each event's parts, serialized once, after all of them were found to fit: throws for the
     * first that does not, before anything of the list is stored.
     */
    static List<JobEventParts> partsOfAll(List<Publication> publications, WireFormat wire, int limit) {
        List<JobEventParts> parts = new ArrayList<>(publications.size());
        for (int i = 0; i < publications.size(); i++) {
            JobEvent event = publications.get(i).event();
            JobEventParts eventParts = wire.jobEventParts(event);
            check(event, eventParts, limit, i);
            parts.add(eventParts);
        }
        return parts;
    }

    private static void check(JobEvent event, JobEventParts parts, int limit, int index) {
        long bytes = utf8Length(parts.head()) + utf8Length(parts.middle()) + utf8Length(parts.tail()) + MOST_ADDED_BYTES
                + (event.type() == JobEventType.PROGRESS ? ProgressRate.MOST_ADDED_BYTES : 0); // the server's estimate
        if (bytes > limit) {
            throw new EventTooLargeException(event, bytes, limit, index);
        }
    }

    private static long utf8Length(String text) {
        return text.chars().allMatch(c -> c < 0x80) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
