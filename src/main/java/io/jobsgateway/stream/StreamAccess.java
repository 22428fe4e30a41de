package io.jobsgateway.stream;

import io.jobsgateway.access.Authentication;
import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.config.Settings;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.ops.ConnectionLog;
import io.jobsgateway.rooms.Entrance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a stream or a poll passes before it starts, each answered with plain HTTP as
 * contract section 8 says: 403 for an origin not allowed, 401 without a valid key, ticket or
 * login, 429 when the key has its connections open already (WebSockets, streams and polls
 * together, across the cluster), 503 when the cluster's store cannot tell.
 */
@ApplicationScoped
class StreamAccess {

    @Inject
    Settings settings;
    @Inject
    Authentication authentication;
    @Inject
    Entrance entrance;
    @Inject
    OpenStreams streams;
    @Inject
    ConnectionLog log;

    Identity identify(Map<String, List<String>> headers, Map<String, List<String>> query, Principal principal,
                      boolean ticketsAccepted, String origin) {
        if (!settings.originAllowed(origin)) {
            throw ApiError.forbidden("Origin " + origin + " is not in jobs.allowed-origins");
        }
        try {
            return authentication.identify(headers, query, principal, ticketsAccepted)
                    .orElseThrow(() -> ApiError.unauthorized(ticketsAccepted
                            ? "send a valid API key (Authorization: Bearer <key> or X-API-Key: <key>), a ticket"
                                    + " (ticket=T) or the cookies of a login"
                            : "send a valid API key (Authorization: Bearer <key> or X-API-Key: <key>) or the cookies"
                                    + " of a login; a long poll takes no ticket"));
        } catch (Authentication.TicketsUnavailable e) {
            throw ApiError.unavailable();
        }
    }

    /** Logs a stream or poll refused before it started ({@code who} null before it was known), and answers the error. */
    ApiError refused(String transport, Identity who, ApiError error) {
        log.refused(transport, who == null ? null : who.keyId(), error.getResponse().getStatus(), error.getMessage());
        return error;
    }

    /** Rooms a stream may be in, jobs a poll may name: {@code jobs.max-subscriptions}, as for a WebSocket. */
    int maxRooms() {
        return settings.maxSubscriptions();
    }

    /** A connection id counted against the key of {@code who}; at the limit, once more after probing its streams. */
    String reserve(Identity who) {
        try {
            Optional<String> id = entrance.reserve(who);
            if (id.isEmpty() && streams.probe(who)) {
                id = entrance.reserve(who);
            }
            return id.orElseThrow(ApiError::tooManyConnections);
        } catch (ClusterUnavailableException e) {
            throw ApiError.unavailable();
        }
    }
}
