package io.jobsgateway.endpoint;

import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.config.Settings;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.quirks.RefusalAfterUpgrade;
import io.jobsgateway.quirks.TyrusIdleTimers;
import io.jobsgateway.rooms.Entrance;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.Optional;

/** Lets a WebSocket in (its identity, its key's connection limit) or closes it with the contract's code; and lets it out. */
@ApplicationScoped
class Admission {

    private static final String SOCKET = Socket.class.getName();

    @Inject
    Settings settings;
    @Inject
    Entrance entrance;
    @Inject
    GatewayMetrics metrics;
    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Accepts a connection whose handshake checked {@code identity}, or closes it with the contract's code. */
    void open(Session session, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            refuse(session, null, CloseCodes.UNAUTHORIZED);
            return;
        }
        Identity who = identity.get();
        Optional<String> id;
        try {
            id = entrance.reserve(who);
        } catch (ClusterUnavailableException e) {
            refuse(session, who, CloseCodes.UNAVAILABLE);
            return;
        }
        if (id.isEmpty()) {
            refuse(session, who, CloseCodes.TOO_MANY_CONNECTIONS);
            return;
        }
        // Larger than our own limit, so that we, not the container, answer an oversized frame.
        session.setMaxTextMessageBufferSize(Math.max(settings.maxMessageBytes() * 4, 64 * 1024));
        TyrusIdleTimers.disableWhenUnused(session);
        WebSocketTransport transport = new WebSocketTransport(session, executor, metrics.deliveries());
        Connection connection = entrance.open(id.get(), who, transport);
        session.getUserProperties().put(SOCKET, new Socket(connection,
                new RateWindow(settings.rateLimitPerSecond(), System.nanoTime()), transport));
        if (!session.isOpen()) {
            // dropped during @OnOpen: its @OnClose may have come before it was registered
            entrance.forget(connection, CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), "gone during the handshake");
        }
    }

    /** A connection whose ticket could not be checked: the cluster's store is unreachable. */
    void refuseUnavailable(Session session) {
        refuse(session, null, CloseCodes.UNAVAILABLE);
    }

    /** The socket of a session that {@link #open} accepted. */
    Optional<Socket> of(Session session) {
        return Optional.ofNullable((Socket) session.getUserProperties().get(SOCKET));
    }

    /** Forgets a closed session: leaves its rooms and stops counting it against its key. Idempotent. */
    void closed(Session session, CloseReason reason) {
        of(session).map(Socket::connection).ifPresent(connection ->
                entrance.forget(connection, reason.getCloseCode().getCode(), reason.getReasonPhrase()));
    }

    private void refuse(Session session, Identity who, CloseCodes code) {
        entrance.refused(WebSocketTransport.NAME, who, code.code(), code.text());
        RefusalAfterUpgrade.closeSoon(scheduler, () -> WebSocketTransport.closeNow(session, code.reason()));
    }
}
