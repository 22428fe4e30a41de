package io.jobsgateway.access;

import java.security.Principal;
import java.util.Optional;

/**
 * Turns a user logged in through container security (the handshake's user principal) into an
 * {@link Identity}, so that a page of the same application connects without an API key. The
 * gateway's own mapping is {@link DefaultLoginIdentities}; a host application replaces it:
 *
 * <pre>{@code
 * @Alternative @Priority(Interceptor.Priority.APPLICATION)
 * @ApplicationScoped
 * public class TenantLogins implements LoginIdentities {
 *     @Inject Users users;
 *
 *     public Optional<Identity> identify(Principal principal) {
 *         return users.find(principal.getName()).map(u ->
 *                 new Identity("login:" + u.id(), u.tenant(), u.id(), Set.of()));
 *     }
 * }
 * }</pre>
 */
public interface LoginIdentities {

    /** The identity of a logged-in user, or empty to refuse the connection (4401). */
    Optional<Identity> identify(Principal principal);
}
