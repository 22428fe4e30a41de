package io.jobsgateway.stream;

import io.jobsgateway.api.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /api/poll} asks for (contract section 8): job rooms only, each with where the
 * client stands in it ({@code jobId}, {@code since}, {@code epoch} groups paired by order; a
 * job with no {@code since} starts from its first stored event), and how long to wait.
 */
record PollRequest(List<Position> positions, int waitSeconds) {

    static final int DEFAULT_WAIT_SECONDS = 25;
    static final int MAX_WAIT_SECONDS = 30;

    /** @param epoch null when the client has not seen the job's stream yet */
    record Position(String jobId, long since, String epoch) {
    }

    static PollRequest parse(Map<String, List<String>> query, int maxJobs) throws BadStreamRequest {
        for (String room : List.of("client", "userId", "all")) {
            if (query.containsKey(room)) {
                throw new BadStreamRequest("long polling serves job rooms only: use /api/stream or WebSocket for " + room);
            }
        }
        List<String> jobIds = query.getOrDefault("jobId", List.of());
        List<String> sinces = query.getOrDefault("since", List.of());
        List<String> epochs = query.getOrDefault("epoch", List.of());
        if (jobIds.isEmpty()) {
            throw new BadStreamRequest("name at least one jobId");
        }
        if (jobIds.size() > maxJobs) {
            throw new BadStreamRequest("a poll may name at most " + maxJobs + " jobs (jobs.max-subscriptions)");
        }
        if (sinces.size() > jobIds.size() || epochs.size() > jobIds.size()) {
            throw new BadStreamRequest("since and epoch pair with jobId by order: at most one of each per jobId");
        }
        List<Position> positions = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            if (!Identifiers.isValid(jobId)) {
                throw new BadStreamRequest("jobId must be " + Identifiers.RULE);
            }
            if (!seen.add(jobId)) {
                throw new BadStreamRequest("jobId " + jobId + " is named twice");
            }
            long since = i < sinces.size() ? number("since", sinces.get(i), 0, Long.MAX_VALUE) : 0;
            String epoch = i < epochs.size() && !epochs.get(i).isEmpty() ? epochs.get(i) : null;
            if (epoch != null && !Identifiers.isValid(epoch)) {
                throw new BadStreamRequest("epoch must be " + Identifiers.RULE);
            }
            positions.add(new Position(jobId, since, epoch));
        }
        List<String> wait = query.getOrDefault("wait", List.of());
        if (wait.size() > 1) {
            throw new BadStreamRequest("wait may be given once");
        }
        int waitSeconds = wait.isEmpty() ? DEFAULT_WAIT_SECONDS : (int) number("wait", wait.get(0), 0, MAX_WAIT_SECONDS);
        return new PollRequest(List.copyOf(positions), waitSeconds);
    }

    private static long number(String name, String value, long min, long max) throws BadStreamRequest {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadStreamRequest(name + " must be a whole number from " + min + " to " + max);
    }
}
