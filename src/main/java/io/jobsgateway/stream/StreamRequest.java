package io.jobsgateway.stream;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.rooms.Selector;
import io.jobsgateway.wire.JobEventParts.Place;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /api/stream} asks for (contract section 8): its rooms, from
 * {@code jobId=J} (repeatable), {@code client=true}, {@code userId=U} and {@code all=true}, and
 * where it resumes, from the {@code Last-Event-ID} header or the {@code lastEventId} query.
 */
record StreamRequest(List<Selector> selectors, Map<String, Place> resume) {

    static StreamRequest parse(Map<String, List<String>> query, String lastEventIdHeader, int maxRooms)
            throws BadStreamRequest {
        Set<String> jobIds = new LinkedHashSet<>();
        for (String jobId : query.getOrDefault("jobId", List.of())) {
            jobIds.add(id("jobId", jobId));
        }
        List<Selector> selectors = new ArrayList<>();
        jobIds.forEach(jobId -> selectors.add(Selector.job(jobId)));
        if (flag(query, "client")) {
            selectors.add(new Selector(null, null, false));
        }
        String userId = single(query, "userId");
        if (userId != null) {
            selectors.add(new Selector(null, id("userId", userId), false));
        }
        if (flag(query, "all")) {
            selectors.add(new Selector(null, null, true));
        }
        if (selectors.isEmpty()) {
            throw new BadStreamRequest("name at least one room: jobId=J (repeatable), client=true, userId=U or all=true");
        }
        if (selectors.size() > maxRooms) {
            throw new BadStreamRequest("a stream may be in at most " + maxRooms + " rooms (jobs.max-subscriptions)");
        }
        String token = lastEventIdHeader != null ? lastEventIdHeader : single(query, "lastEventId");
        return new StreamRequest(List.copyOf(selectors), ResumeToken.parse(token));
    }

    private static String id(String name, String value) throws BadStreamRequest {
        if (!Identifiers.isValid(value)) {
            throw new BadStreamRequest(name + " must be " + Identifiers.RULE);
        }
        return value;
    }

    private static boolean flag(Map<String, List<String>> query, String name) throws BadStreamRequest {
        String value = single(query, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadStreamRequest(name + " must be true or false");
    }

    private static String single(Map<String, List<String>> query, String name) throws BadStreamRequest {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadStreamRequest(name + " may be given once");
        }
        return values.get(0);
    }
}
