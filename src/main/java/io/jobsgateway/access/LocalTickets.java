package io.jobsgateway.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tickets of a single node, in memory; a ticket is redeemed by removing it, so only once. */
@ApplicationScoped
@Typed(LocalTickets.class) // chosen by ClusterMode, not injected by interface
public class LocalTickets implements Tickets {

    /** Past this many outstanding tickets, expired ones are swept before a new one is issued. */
    private static final int SWEEP_ABOVE = 1024;

    private record Issued(Identity identity, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Issued> issued = new ConcurrentHashMap<>();

    @Override
    public String issue(Identity who, Duration ttl) {
        long now = System.nanoTime();
        if (issued.size() > SWEEP_ABOVE) {
            issued.values().removeIf(ticket -> ticket.expiresAtNanos() - now <= 0);
        }
        String ticket = Tickets.newTicket();
        issued.put(ticket, new Issued(who, now + ttl.toNanos()));
        return ticket;
    }

    @Override
    public Optional<Identity> redeem(String ticket) {
        Issued found = ticket == null ? null : issued.remove(ticket);
        return found == null || found.expiresAtNanos() - System.nanoTime() <= 0 ? Optional.empty()
                : Optional.of(found.identity());
    }
}
