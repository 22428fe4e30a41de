package io.jobsgateway.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * The answers of requests sent with an {@code Idempotency-Key}, kept for
 * {@code jobs.idempotency.ttl-seconds}, so that a retry gets the first answer and stores nothing
 * again (contract section 6). In memory on one node; in Redis in a cluster, since a retry may
 * reach another node.
 */
public interface Answers {

    /** What a request answered: its HTTP status and JSON body. */
    record Answer(int status, String body) {
    }

    /** How a claim went: {@code first} (go on, then {@link #record}), or the earlier request's answer, or still in flight. */
    record Claim(boolean first, Answer earlier) {

        static final Claim FIRST = new Claim(true, null);
        static final Claim IN_FLIGHT = new Claim(false, null);
    }

    /** Claims {@code scope} for a first request, or tells what an earlier one with it answered. */
    Claim claim(String scope, Duration ttl);

    /** The first request's answer, for the retries within {@code ttl}. */
    void record(String scope, Answer answer, Duration ttl);

    /** The first request gave no answer worth repeating (the store was unreachable, say): a retry may try again. */
    void release(String scope);
}
