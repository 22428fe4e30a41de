package io.jobsgateway.access;

import io.jobsgateway.api.Identifiers;
import java.util.Objects;
import java.util.Set;

/**
 * Who is on the other end of a connection or request, checked once at authentication.
 *
 * @param keyId    stable, non-secret name of the credential, for per-key connection limits
 * @param clientId the client (tenant) whose jobs it may see
 * @param userId   the one user it is bound to, or null
 * @param scopes   {@link #PUBLISH} and/or {@link #ADMIN}
 */
public record Identity(String keyId, String clientId, String userId, Set<String> scopes) {

    public static final String PUBLISH = "publish";
    public static final String ADMIN = "admin";

    public Identity {
        Objects.requireNonNull(keyId, "keyId");
        Identifiers.require("clientId", clientId);
        if (userId != null) {
            Identifiers.require("userId", userId);
        }
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return scopes.contains(ADMIN);
    }

    public boolean canPublish() {
        return scopes.contains(PUBLISH);
    }

    /**
     * Whether this identity may see a job (or event) of client {@code ownerClientId} and user
     * {@code ownerUserId} (null for none): an admin sees every job; anyone else only its own
     * client's, and an identity bound to a user, one person of that client, only its own user's
     * and those of no user.
     */
    public boolean maySee(String ownerClientId, String ownerUserId) {
        return isAdmin() || (clientId.equals(ownerClientId) && maySeeUser(ownerUserId));
    }

    /** Whether this identity may see what belongs to {@code ownerUserId} (null for none) of its own client. */
    public boolean maySeeUser(String ownerUserId) {
        return userId == null || ownerUserId == null || userId.equals(ownerUserId);
    }
}
