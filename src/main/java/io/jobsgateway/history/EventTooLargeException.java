package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.wire.JobEventParts;
import java.nio.charset.StandardCharsets;

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

    private EventTooLargeException(JobEvent event, long bytes, int limit) {
        super("job event " + event.type().wireName() + " of job " + event.jobId() + " would be up to " + bytes
                + " bytes of JSON, over jobs.max-event-bytes = " + limit);
    }

    /** Throws when the event's JSON, its seq, epoch and owner added, could be over {@code limit} bytes. */
    static void check(JobEvent event, JobEventParts parts, int limit) {
        long bytes = utf8Length(parts.head()) + utf8Length(parts.middle()) + utf8Length(parts.tail()) + MOST_ADDED_BYTES;
        if (bytes > limit) {
            throw new EventTooLargeException(event, bytes, limit);
        }
    }

    private static long utf8Length(String text) {
        return text.chars().allMatch(c -> c < 0x80) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
