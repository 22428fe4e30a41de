package io.jobsgateway.access;

import java.time.Duration;
import java.util.Optional;

/**
 * Single-use connection tickets (contract sections 3 and 6), so that a browser never puts a key
 * in a URL: a key asks for one over HTTP ({@code POST /api/tickets}), the WebSocket presents it
 * as {@code ?ticket=T}. In memory on one node; in Redis in a cluster, where the ticket may be
 * redeemed on any node.
 */
public interface Tickets {

    /** A new ticket for {@code who}, redeemable once within {@code ttl}. */
    String issue(Identity who, Duration ttl);

    /** The identity a ticket stands for, once; empty when it is used, expired or unknown. */
    Optional<Identity> redeem(String ticket);

    /** A fresh ticket's text: 32 random bytes, URL-safe, with no way to guess the next one. */
    static String newTicket() {
        byte[] bytes = new byte[32];
        TicketRandom.INSTANCE.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
