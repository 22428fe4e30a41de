package io.jobsgateway.endpoint;

import io.jobsgateway.rooms.Selector;
import jakarta.json.JsonValue;

/** A client's request, decoded and checked; {@code id} is what the reply echoes, or null. */
sealed interface Request {

    JsonValue id();

    /** @param since null when the client names no position; @param epoch the stream of {@code since}, or null */
    record Subscribe(JsonValue id, Selector selector, Long since, String epoch) implements Request {
    }

    record Unsubscribe(JsonValue id, Selector selector) implements Request {
    }

    record History(JsonValue id, String jobId, int limit) implements Request {
    }

    record Pong(JsonValue id) implements Request {
    }
}
