package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.Outgoing;
import io.jobsgateway.delivery.Transport;
import io.jobsgateway.ops.DeliveryMeters;
import io.jobsgateway.quirks.PreEncodedFrames;
import io.jobsgateway.quirks.ReadAcknowledgements;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection's WebSocket: asynchronous text frames out, and every way of closing it. Frames
 * go out pre-encoded where the server lets them ({@link PreEncodedFrames}: each event framed once
 * for all its receivers, several waiting frames in one write), else through the standard API,
 * one message after the other; {@code jobs_gateway_websocket_writes_total} counts the writes of
 * each way, so an operator sees which one a server takes.
 */
final class WebSocketTransport implements Transport {

    static final String NAME = "websocket";

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
    private static final byte[] DRAINED_PING = "drained".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READ_PING = "read".getBytes(StandardCharsets.US_ASCII);
    /** What a client may have been sent unread: enough for a burst (a replay) at full speed, little heap if it stalls. */
    private static final long UNREAD_BYTES = 256 * 1024;
    private static final int UNREAD_MESSAGES = 128;

    private final Session session;
    private final Executor executor;
    private final PreEncodedFrames.Writer preEncoded; // null: the standard API
    private final Runnable countWrite;
    private final ReadAcknowledgements unread = new ReadAcknowledgements(UNREAD_BYTES, UNREAD_MESSAGES, this::pingForRead);

    WebSocketTransport(Session session, Executor executor, DeliveryMeters meters) {
        this.session = session;
        this.executor = executor;
        this.preEncoded = PreEncodedFrames.of(session).orElse(null);
        this.countWrite = meters.webSocketWrites(preEncoded == null ? STANDARD : preEncoded.path());
    }

    /** The way of writing without a server's own: the WebSocket API's {@code sendText}. */
    static final String STANDARD = "standard";

    /** A send is complete once the container took it and the client is not too far behind in reading ({@link ReadAcknowledgements}). */
    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void send(List<Outgoing> messages, Consumer<Throwable> done) {
        int chars = 0;
        for (Outgoing message : messages) {
            chars += message.text().length();
        }
        int sent = chars;
        Consumer<Throwable> whenWritten = failure -> {
            if (failure == null) {
                unread.sent(sent, messages.size(), () -> done.accept(null));
            } else {
                done.accept(failure);
            }
        };
        if (preEncoded != null) {
            List<byte[]> frames = new ArrayList<>(messages.size());
            for (Outgoing message : messages) {
                frames.add(message.webSocketFrame());
            }
            countWrite.run();
            preEncoded.write(frames, whenWritten);
        } else {
            sendStandard(messages, 0, whenWritten);
        }
    }

    /** Sends the messages from {@code next} on, each once the one before it is written. */
    private void sendStandard(List<Outgoing> messages, int next, Consumer<Throwable> done) {
        countWrite.run();
        session.getAsyncRemote().sendText(messages.get(next).text(), result -> {
            if (!result.isOK()) {
                done.accept(result.getException());
            } else if (next + 1 < messages.size()) {
                sendStandard(messages, next + 1, done);
            } else {
                done.accept(null);
            }
        });
    }

    /** The payload of a pong: which of our pings it answers. */
    static boolean answersReadPing(ByteBuffer payload) {
        return payload.equals(ByteBuffer.wrap(READ_PING));
    }

    static boolean answersDrainedPing(ByteBuffer payload) {
        return payload.equals(ByteBuffer.wrap(DRAINED_PING));
    }

    /** The client's pong to our read ping: it has read everything sent before the ping. */
    void read() {
        unread.acknowledged();
    }

    private void pingForRead() {
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(READ_PING)); // queues the frame; Tyrus does not wait for it
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        executor.execute(() -> closeNow(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason)));
    }

    /**
     * A reader too far behind is closed with 1013, but not at once: Tyrus's close cancels what
     * the container still holds for the client (megabytes, behind a reader that stopped), and
     * the close frame with it, so the client would see a reset instead of 1013. A protocol ping
     * goes out behind everything already written; the client's pong proves it has read all of
     * it, and only then is the connection closed ({@link JobsEndpoint#pong}). The heartbeat
     * closes it anyway if no pong comes within the timeout.
     */
    @Override
    public void overflowed(Connection connection) {
        connection.startDraining(System.nanoTime());
        executor.execute(() -> { // off the I/O thread that reported the overflow, in case a ping waits
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.wrap(DRAINED_PING));
            } catch (IOException | RuntimeException e) {
                CloseCodes.TRY_AGAIN_LATER.close(connection);
            }
        });
    }

    @Override
    public void failed(Throwable cause) {
        LOG.log(Level.FINE, "Sending failed; closing the connection", cause);
        executor.execute(() -> {
            try {
                session.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing after a failed send", e);
            }
        });
    }

    static void closeNow(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a connection that is already gone", e);
        }
    }
}
