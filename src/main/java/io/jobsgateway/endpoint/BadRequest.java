package io.jobsgateway.endpoint;

import jakarta.json.JsonValue;

/** A request the contract does not allow; answered with {@code bad_request}, never a stack trace. */
final class BadRequest extends Exception {

    private final transient JsonValue id;

    BadRequest(String message, JsonValue id) {
        super(message, null, false, false);
        this.id = id;
    }

    JsonValue id() {
        return id;
    }
}
