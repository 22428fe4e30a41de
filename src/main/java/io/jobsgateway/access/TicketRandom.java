package io.jobsgateway.access;

import java.security.SecureRandom;

/** The one source of ticket randomness: SecureRandom is thread-safe and costly to seed, so there is one. */
final class TicketRandom {

    static final SecureRandom INSTANCE = new SecureRandom();

    private TicketRandom() {
    }
}
