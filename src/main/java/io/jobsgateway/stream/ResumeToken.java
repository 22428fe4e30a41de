package io.jobsgateway.stream;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.wire.JobEventParts.Place;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code id:} of a stream's job events (contract section 8), which the client hands back as
 * {@code Last-Event-ID} to resume every job of the stream at once: {@code epoch.seq.jobId} per
 * job, joined by commas; an empty epoch ({@code .0.J}) is a position in no stream yet, as a
 * {@code since} without {@code epoch} is. Neither comma nor the first two dots can be part of an
 * epoch or a seq, and a job id comes last, so its own dots and colons need no escaping.
 */
final class ResumeToken {

    private static final int MAX_CHARS = 64 * 1024;

    private ResumeToken() {
    }

    static String format(Collection<Place> places) {
        StringBuilder token = new StringBuilder();
        for (Place place : places) {
            if (token.length() > 0) {
                token.append(',');
            }
            token.append(place.epoch() == null ? "" : place.epoch()).append('.').append(place.seq()).append('.').append(place.jobId());
        }
        return token.toString();
    }

    /** The places a token names, by job id; an empty or absent token names none. */
    static Map<String, Place> parse(String token) throws BadStreamRequest {
        Map<String, Place> places = new LinkedHashMap<>();
        if (token == null || token.isBlank()) {
            return places;
        }
        if (token.length() > MAX_CHARS) {
            throw new BadStreamRequest("Last-Event-ID is longer than " + MAX_CHARS + " characters");
        }
        for (String entry : token.trim().split(",", -1)) {
            String[] parts = entry.split("\\.", 3);
            if (parts.length != 3 || !(parts[0].isEmpty() || Identifiers.isValid(parts[0]))
                    || !parts[1].matches("[0-9]{1,18}") || !Identifiers.isValid(parts[2])) {
                throw new BadStreamRequest("Last-Event-ID must be a token this server sent"
                        + " (epoch.seq.jobId, comma-separated)");
            }
            places.put(parts[2], new Place(parts[2], Long.parseLong(parts[1]), parts[0].isEmpty() ? null : parts[0]));
        }
        return places;
    }
}
