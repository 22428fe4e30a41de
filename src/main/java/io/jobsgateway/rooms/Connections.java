package io.jobsgateway.rooms;

import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.Broadcast;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.events.ConnectionClosed;
import io.jobsgateway.events.ConnectionOpened;
import io.jobsgateway.events.Timestamps;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The open connections of this node: opening them (limits), closing them, and messages to all. */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class.getName());
    private static final String CONNECTION = Connection.class.getName();
    private static final long REFUSAL_DELAY_MILLIS = 100;
    private static final byte[] DRAINED_PING = "drained".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Inject
    Event<ConnectionOpened> opened;
    @Inject
    Event<ConnectionClosed> closedEvents;

    /** Accepts a connection whose handshake checked {@code identity}, or closes it with the contract's code. */
    public void open(Session session, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            refuse(session, CloseCodes.UNAUTHORIZED);
            return;
        }
        String id = UUID.randomUUID().toString();
        boolean granted;
        try {
            granted = limits.tryAcquire(identity.get(), id);
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
        IdleTimers.disableWhenUnused(session);
        Outbox outbox = new Outbox(session.getAsyncRemote()::sendText, settings.maxQueuedMessages(),
                () -> drainThenClose(session), cause -> sendFailed(session, cause));
        Connection connection = new Connection(id, identity.get(), outbox, settings.maxSubscriptions(),
                settings.rateLimitPerSecond(), System.nanoTime());
        Identity who = identity.get();
        // Queued before the connection is visible to broadcasts and pings: it is always the first message.
        connection.send(wire.toJson(new Messages.Connected(id, who.clientId(), who.userId(),
                settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), Timestamps.format(Instant.now()))));
        session.getUserProperties().put(CONNECTION, connection);
        sessions.put(id, session);
        open.put(id, connection);
        opened.fireAsync(new ConnectionOpened(id, who.clientId(), who.userId()));
    }

    /**
     * Closes a refused connection a moment after {@code @OnOpen} returns. Closing while Payara is
     * still completing the servlet upgrade on the request thread (inside {@code @OnOpen}, or from
     * another thread at the same time) now and then recycled the pooled request under it: an NPE
     * in TyrusServletUpgrade or in Grizzly's request parsing, and an unrelated HTTP request or
     * handshake then answered 500 or 301. The delay lets the upgrade finish first.
     */
    private void refuse(Session session, CloseCodes code) {
        scheduler.schedule(() -> closeNow(session, code), REFUSAL_DELAY_MILLIS, TimeUnit.MILLISECONDS);
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
                Identity who = connection.identity();
                closedEvents.fireAsync(new ConnectionClosed(connection.id(), who.clientId(), who.userId()));
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
        of(session).ifPresent(Connection::stopSending);
        executor.execute(() -> closeNow(session, code));
    }

    /**
     * A reader too far behind is closed with 1013, but not at once: Tyrus's close cancels what
     * the container still holds for the client (megabytes, behind a reader that stopped), and
     * the close frame with it, so the client would see a reset instead of 1013. A protocol ping
     * goes out behind everything already written; the client's pong proves it has read all of
     * it, and only then is the connection closed ({@link #ponged}). The heartbeat closes it
     * anyway if no pong comes within the timeout.
     */
    private void drainThenClose(Session session) {
        of(session).ifPresent(connection -> connection.startDraining(System.nanoTime()));
        executor.execute(() -> { // off the I/O thread that reported the overflow, in case a ping waits
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.wrap(DRAINED_PING));
            } catch (IOException | RuntimeException e) {
                close(session, CloseCodes.TRY_AGAIN_LATER);
            }
        });
    }

    /** A protocol pong: the answer to {@link #drainThenClose}'s ping, when the connection is draining. */
    public void ponged(Connection connection) {
        if (connection.isDraining()) {
            close(connection, CloseCodes.TRY_AGAIN_LATER);
        }
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
