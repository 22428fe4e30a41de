package io.jobsgateway.rooms;

/** A room its identity may not enter; the message says why, for the client. */
public final class ForbiddenRoom extends Exception {

    ForbiddenRoom(String message) {
        super(message, null, false, false);
    }
}
