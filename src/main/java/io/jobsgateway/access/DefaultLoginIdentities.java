package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import io.jobsgateway.api.Identifiers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The documented default: a logged-in user is user {@code <principal name>} of client
 * {@code jobs.login.client-id} (default {@code default}), with no scope, counted against the
 * connection limit per user. A principal name that is not a valid id (an e-mail address, say)
 * is refused: map it with a {@link LoginIdentities} bean of your own.
 */
@ApplicationScoped
class DefaultLoginIdentities implements LoginIdentities {

    private static final Logger LOG = Logger.getLogger(DefaultLoginIdentities.class.getName());

    @Inject
    Settings settings;

    @Override
    public Optional<Identity> identify(Principal principal) {
        String name = principal.getName();
        if (!Identifiers.isValid(name)) {
            LOG.warning(() -> "Refused a logged-in connection: its user name is not " + Identifiers.RULE + ";"
                    + " provide a LoginIdentities bean that maps your users to ids");
            return Optional.empty();
        }
        return Optional.of(new Identity("login:" + name, settings.loginClientId(), name, Set.of()));
    }
}
