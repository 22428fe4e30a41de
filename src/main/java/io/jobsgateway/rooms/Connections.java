package io.jobsgateway.rooms;

import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.Broadcast;
import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.events.Timestamps;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The open connections of this node: opening them (limits), closing them, and messages to all. */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class.getName());
    private static final String CONNECTION = Connection.class.getName();

    private final ConcurrentHashMap<String, Connection> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Inject
    Settings settings;
    @Inject
    ConnectionLimits limits;
    @Inject
    Rooms rooms;
    @Inject
    WireFormat wire;
    @Resource
    ManagedExecutorService executor;

    /** Accepts a connection whose handshake checked {@code identity}, or closes it with the contract's code. */
    public void open(Session session, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            closeNow(session, CloseCodes.UNAUTHORIZED);
            return;
        }
        String id = UUID.randomUUID().toString();
        if (!limits.tryAcquire(identity.get(), id)) {
            closeNow(session, CloseCodes.TOO_MANY_CONNECTIONS);
            return;
        }
        // Larger than our own limit, so that we, not the container, answer an oversized frame.
        session.setMaxTextMessageBufferSize(Math.max(settings.maxMessageBytes() * 4, 64 * 1024));
        Outbox outbox = new Outbox(session.getAsyncRemote()::sendText, settings.maxQueuedMessages(),
                () -> close(session, CloseCodes.TRY_AGAIN_LATER),
                cause -> sendFailed(session, cause));
        Connection connection = new Connection(id, identity.get(), outbox, settings.maxSubscriptions(),
                settings.rateLimitPerSecond(), System.nanoTime());
        Identity who = identity.get();
        // Queued before the connection is visible to broadcasts and pings: it is always the first message.
        connection.send(wire.toJson(new Messages.Connected(id, who.clientId(), who.userId(),
                settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), Timestamps.format(Instant.now()))));
        session.getUserProperties().put(CONNECTION, connection);
        sessions.put(id, session);
        open.put(id, connection);
    }

    /** The connection of a session that {@link #open} accepted. */
    public Optional<Connection> of(Session session) {
        return Optional.ofNullable((Connection) session.getUserProperties().get(CONNECTION));
    }

    /** Forgets a closed session: leaves its rooms and stops counting it against its key. Idempotent. */
    public void closed(Session session) {
        of(session).ifPresent(connection -> {
            if (open.remove(connection.id(), connection)) {
                sessions.remove(connection.id());
                rooms.leaveAll(connection);
                limits.release(connection.identity(), connection.id());
            }
        });
    }

    public Collection<Connection> all() {
        return open.values();
    }

    public void deliver(Broadcast broadcast) {
        String json = null;
        for (Connection connection : open.values()) {
            Identity who = connection.identity();
            if (broadcast.reaches(who.clientId(), who.userId())) {
                if (json == null) {
                    json = wire.toJson(new Messages.UserMessage(broadcast.event(), broadcast.data(),
                            Timestamps.format(broadcast.timestamp())));
                }
                connection.send(json);
            }
        }
    }

    /** Closes with a contract code, off the caller's thread: closing may wait on the network. */
    public void close(Connection connection, CloseCodes code) {
        Session session = sessions.get(connection.id());
        if (session != null) {
            close(session, code);
        }
    }

    private void close(Session session, CloseCodes code) {
        of(session).ifPresent(Connection::close);
        executor.execute(() -> closeNow(session, code));
    }

    private void sendFailed(Session session, Throwable cause) {
        LOG.log(Level.FINE, "Sending failed; closing the connection", cause);
        executor.execute(() -> {
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing after a failed send", e);
            }
        });
    }

    static void closeNow(Session session, CloseCodes code) {
        try {
            session.close(code.reason());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a connection that is already gone", e);
        }
    }
}
