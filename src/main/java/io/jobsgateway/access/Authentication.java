package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who opens a connection, on any transport: the identity of an API key, else of a single-use
 * ticket ({@code ticket=T}, {@link Tickets}), else of the user logged in through container
 * security ({@link LoginIdentities}); empty when what was presented is not valid.
 */
@ApplicationScoped
public class Authentication {

    @Inject
    Settings settings;
    @Inject
    ApiKeys apiKeys;
    @Inject
    Tickets tickets;
    @Inject
    LoginIdentities logins;
    @Inject
    WarmUpKeys warmUpKeys;

    /** A ticket's store cannot answer now (Redis unreachable): the client should come back in a while. */
    public static final class TicketsUnavailable extends Exception {
        TicketsUnavailable(RuntimeException cause) {
            super("tickets cannot be checked now: " + cause.getMessage(), cause);
        }
    }

    /**
     * @param headers   the request's headers (names in any case)
     * @param query     its query parameters
     * @param principal the container's logged-in user, or null
     * @param ticketsAccepted false where a ticket makes no sense (a long poll repeats its request)
     */
    public Optional<Identity> identify(Map<String, List<String>> headers, Map<String, List<String>> query,
                                       Principal principal, boolean ticketsAccepted) throws TicketsUnavailable {
        Optional<String> key = PresentedKey.find(headers, query);
        if (key.isPresent()) {
            return key.flatMap(this::byKey);
        }
        List<String> ticket = query.get("ticket");
        if (ticket != null && !ticket.isEmpty()) {
            if (!ticketsAccepted) {
                return Optional.empty();
            }
            try {
                return tickets.redeem(ticket.get(0));
            } catch (RuntimeException e) {
                throw new TicketsUnavailable(e);
            }
        }
        return login(headers, principal);
    }

    /** The identity of an API key: one of {@link ApiKeys}, or of this node's warm-up while it runs. */
    public Optional<Identity> byKey(String presentedKey) {
        return warmUpKeys.authenticate(presentedKey).or(() -> apiKeys.authenticate(presentedKey));
    }

    /**
     * The logged-in user, if any. A login rides on the browser's cookies, which any site can
     * make a browser send (cross-site WebSocket hijacking, and the same for a stream): unless
     * {@code jobs.allowed-origins} names the origins, a login is accepted only from the
     * gateway's own origin.
     */
    private Optional<Identity> login(Map<String, List<String>> headers, Principal principal) {
        if (principal == null) {
            return Optional.empty();
        }
        Optional<String> origin = PresentedKey.header(headers, "Origin");
        if (settings.allowedOrigins().contains("*") && origin.isPresent()
                && !sameOrigin(origin.get(), PresentedKey.header(headers, "Host").orElse(""))) {
            return Optional.empty();
        }
        return logins.identify(principal);
    }

    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = new URI(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
