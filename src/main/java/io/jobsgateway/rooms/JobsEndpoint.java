package io.jobsgateway.rooms;

import io.jobsgateway.access.HandshakeConfigurator;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ws://host/jobs}. It holds no state: it hands each step of a connection's life to the
 * application-scoped beans, and {@link JobsEndpointConfigurator} gives every connection the same one.
 */
@ServerEndpoint(value = "/jobs", configurator = JobsEndpointConfigurator.class)
public class JobsEndpoint {

    private static final Logger LOG = Logger.getLogger(JobsEndpoint.class.getName());

    @Inject
    Connections connections;
    @Inject
    Requests requests;

    /** For a container that creates and injects endpoints itself. */
    public JobsEndpoint() {
    }

    JobsEndpoint(Connections connections, Requests requests) {
        this.connections = connections;
        this.requests = requests;
    }

    @OnOpen
    public void open(Session session) {
        connections.open(session, HandshakeConfigurator.identity(session.getUserProperties()));
    }

    @OnMessage
    public void text(Session session, String text) {
        connections.of(session).ifPresent(connection -> requests.handle(connection, text));
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        connections.of(session).ifPresent(connection -> connections.close(connection, CloseCodes.UNSUPPORTED_DATA));
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        connections.of(session).ifPresent(connections::ponged);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        connections.closed(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        // A client that vanishes or misbehaves is normal life for a gateway, not a server fault.
        LOG.log(Level.FINE, "WebSocket error", error);
    }
}
