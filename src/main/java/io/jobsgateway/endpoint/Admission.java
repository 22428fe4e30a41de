package io.jobsgateway.endpoint;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.OpenConnections;
import io.jobsgateway.quirks.RefusalAfterUpgrade;
import io.jobsgateway.quirks.TyrusIdleTimers;
import io.jobsgateway.rooms.Rooms;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** Lets a WebSocket in (its identity, its key's connection limit) or closes it with the contract's code; and lets it out. */
@ApplicationScoped
class Admission {

    private static final Logger LOG = Logger.getLogger(Admission.class.getName());
    private static final String SOCKET = Socket.class.getName();

    @Inject
    Settings settings;
    @Inject
    ConnectionLimits limits;
    @Inject
    OpenConnections connections;
    @Inject
    Rooms rooms;
    @Inject
    WireFormat wire;
    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Accepts a connection whose handshake checked {@code identity}, or closes it with the contract's code. */
    void open(Session session, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            refuse(session, CloseCodes.UNAUTHORIZED);
            return;
        }
        Identity who = identity.get();
        String id = UUID.randomUUID().toString();
        boolean granted;
        try {
            granted = limits.tryAcquire(who, id);
        } catch (ClusterUnavailableException e) {
            LOG.warning(() -> "Refused a connection with 1013: " + e.getMessage());
            refuse(session, CloseCodes.UNAVAILABLE);
            return;
        }
        if (!granted) {
            refuse(session, CloseCodes.TOO_MANY_CONNECTIONS);
            return;
        }
        // Larger than our own limit, so that we, not the container, answer an oversized frame.
        session.setMaxTextMessageBufferSize(Math.max(settings.maxMessageBytes() * 4, 64 * 1024));
        TyrusIdleTimers.disableWhenUnused(session);
        long now = System.nanoTime();
        Connection connection = new Connection(id, who, new WebSocketTransport(session, executor),
                settings.maxQueuedMessages(), settings.bounds().maxQueuedBytes(), settings.maxSubscriptions(), now);
        // Queued before the connection is visible to broadcasts and pings: it is always the first message.
        connection.send(wire.toJson(new Messages.Connected(id, who.clientId(), who.userId(),
                settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), Timestamps.format(Instant.now()))));
        session.getUserProperties().put(SOCKET, new Socket(connection, new RateWindow(settings.rateLimitPerSecond(), now)));
        connections.add(connection);
        if (!session.isOpen()) {
            forget(connection); // dropped during @OnOpen: its @OnClose may have come before it was registered
        }
    }

    /** A connection whose ticket could not be checked: the cluster's store is unreachable. */
    void refuseUnavailable(Session session) {
        refuse(session, CloseCodes.UNAVAILABLE);
    }

    /** The socket of a session that {@link #open} accepted. */
    Optional<Socket> of(Session session) {
        return Optional.ofNullable((Socket) session.getUserProperties().get(SOCKET));
    }

    /** Forgets a closed session: leaves its rooms and stops counting it against its key. Idempotent. */
    void closed(Session session) {
        of(session).map(Socket::connection).ifPresent(this::forget);
    }

    /**
     * Leaves the connection's rooms and stops counting it against its key, once. Also for a
     * connection whose close the container never reported (a client that reset its TCP connection
     * as the upgrade completed): without it, its key's slot stayed taken for good.
     */
    void forget(Connection connection) {
        if (connections.remove(connection)) {
            rooms.leaveAll(connection);
            limits.release(connection.identity(), connection.id());
        }
    }

    private void refuse(Session session, CloseCodes code) {
        RefusalAfterUpgrade.closeSoon(scheduler, () -> WebSocketTransport.closeNow(session, code.reason()));
    }
}
