package io.jobsgateway.endpoint;

import io.jobsgateway.access.HandshakeConfigurator;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.quirks.ReadAcknowledgements;
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

    private final Admission admission;
    private final Requests requests;

    JobsEndpoint(Admission admission, Requests requests) {
        this.admission = admission;
        this.requests = requests;
    }

    @OnOpen
    public void open(Session session) {
        if (HandshakeConfigurator.unavailable(session.getUserProperties())) {
            admission.refuseUnavailable(session);
            return;
        }
        admission.open(session, HandshakeConfigurator.identity(session.getUserProperties()));
    }

    @OnMessage
    public void text(Session session, String text) {
        admission.of(session).ifPresent(socket -> requests.handle(socket, text));
    }

    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        admission.of(session).ifPresent(socket -> CloseCodes.UNSUPPORTED_DATA.close(socket.connection()));
    }

    /**
     * A protocol pong: the client read everything sent before our ping, whether to let more go
     * out ({@link ReadAcknowledgements}) or to close a draining connection ({@link WebSocketTransport#overflowed}).
     */
    @OnMessage
    public void pong(Session session, PongMessage pong) {
        admission.of(session).ifPresent(socket -> {
            Connection connection = socket.connection();
            connection.heardFrom(System.nanoTime());
            ByteBuffer payload = pong.getApplicationData();
            if (WebSocketTransport.answersReadPing(payload)) {
                socket.transport().read();
            } else if (WebSocketTransport.answersDrainedPing(payload) && connection.isDraining()) {
                CloseCodes.TRY_AGAIN_LATER.close(connection);
            }
        });
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        admission.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        // A client that vanishes or misbehaves is normal life for a gateway, not a server fault.
        LOG.log(Level.FINE, "WebSocket error", error);
    }
}
