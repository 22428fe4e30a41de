package io.jobsgateway.endpoint;

import jakarta.json.JsonValue;

/** A client's request, decoded and checked; {@code id} is what the reply echoes, or null. */
sealed interface Request {

    JsonValue id();

    /** Which room a subscribe or unsubscribe names: exactly one of job, user, all, or none (own client). */
    record Selector(String jobId, String userId, boolean all) {
    }

    record Subscribe(JsonValue id, Selector selector, Long since) implements Request {
    }

    record Unsubscribe(JsonValue id, Selector selector) implements Request {
    }

    record History(JsonValue id, String jobId, int limit) implements Request {
    }

    record Pong(JsonValue id) implements Request {
    }
}
