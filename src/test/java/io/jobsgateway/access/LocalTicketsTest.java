package io.jobsgateway.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalTicketsTest {

    private final LocalTickets tickets = new LocalTickets();
    private final Identity alice = new Identity("key:a", "acme", "alice", Set.of());

    @Test
    void aTicketIsRedeemedOnceForItsIdentity() {
        String ticket = tickets.issue(alice, Duration.ofSeconds(30));
        assertEquals(Optional.of(alice), tickets.redeem(ticket));
        assertTrue(tickets.redeem(ticket).isEmpty(), "used");
        assertTrue(tickets.redeem("unknown").isEmpty());
        assertTrue(tickets.redeem(null).isEmpty());
    }

    @Test
    void anExpiredTicketIsRefusedAndTicketsAreNotGuessable() {
        String expired = tickets.issue(alice, Duration.ZERO);
        assertTrue(tickets.redeem(expired).isEmpty(), "expired");
        assertNotEquals(tickets.issue(alice, Duration.ofSeconds(1)), tickets.issue(alice, Duration.ofSeconds(1)));
        assertTrue(Tickets.newTicket().matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe");
    }
}
