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

    /**
     * The whole text frame of {@code payload} (UTF-8) as a server sends it, RFC 6455 section 5.2:
     * FIN and opcode 1, unmasked, no extension bits, then the length in 7, 7+16 or 7+64 bits.
     */
    public static byte[] textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }

    /** Where the payload starts in a frame that {@link #textFrame} made. */
    static int payloadOffset(byte[] frame) {
        int length = frame[1] & 0x7F;
        return length < 126 ? 2 : length == 126 ? 4 : 10;
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
