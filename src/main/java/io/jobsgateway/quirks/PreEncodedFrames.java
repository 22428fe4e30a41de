package io.jobsgateway.quirks;

import jakarta.websocket.Session;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Writes text frames that were encoded once for all their receivers, on the servers whose
 * WebSocket implementation has a way in for them: Tyrus (Payara) through {@link TyrusFrames},
 * Undertow (WildFly) through {@link UndertowFrames}. Elsewhere, or when a session is not what
 * the way in was written for, there is none, and the caller sends through the standard API.
 *
 * <p>Why: the WebSocket API takes a {@code String} per receiver, and each server frames it again
 * for every receiver (Tyrus: a frame object, its serialisation, a future and a write with a
 * flush per message). An event to a room of a thousand is the same bytes a thousand times.
 * The WebSocket 2.1 API has no way to send a prepared message. Upstream: Tyrus answered the
 * same request (<a href="https://github.com/eclipse-ee4j/tyrus/issues/310">eclipse-ee4j/tyrus#310</a>,
 * closed) with {@code TyrusSession.broadcast}, which sends to every session of the endpoint, not
 * to a room; our report for a per-session way in: src/docs/upstream-reports.md, section 14.
 */
public final class PreEncodedFrames {

    private static final Logger LOG = Logger.getLogger(PreEncodedFrames.class.getName());

    /** The way in for one session. */
    public interface Writer {

        /**
         * Writes these whole text frames (RFC 6455, unmasked, as the server sends them; never
         * written into) in order and in as few writes as it can; reports to {@code done} once all
         * of them are written (null) or one failed; on any thread, possibly before it returns.
         */
        void write(List<byte[]> frames, Consumer<Throwable> done);

        /** Which way in: {@code tyrus} or {@code undertow}, for the metrics. */
        String path();
    }

    private PreEncodedFrames() {
    }

    /** The session's way in, if its server has one and the session takes pre-encoded frames. */
    public static Optional<Writer> of(Session session) {
        String type = session.getClass().getName();
        try {
            if (type.startsWith("org.glassfish.tyrus.")) {
                return TyrusFrames.of(session);
            }
            if (type.startsWith("io.undertow.websockets.")) {
                return UndertowFrames.of(session);
            }
        } catch (LinkageError | RuntimeException e) { // another version of the server than the one this was written for
            LOG.fine(() -> "No pre-encoded frames for " + type + ": " + e);
        }
        return Optional.empty();
    }
}
