package io.jobsgateway.stream;

/** A stream or poll request the contract does not allow: answered 400 with this message. */
final class BadStreamRequest extends Exception {

    BadStreamRequest(String message) {
        super(message, null, false, false);
    }
}
