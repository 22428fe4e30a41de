package io.jobsgateway.quirks;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.jsr.UndertowSession;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Undertow's way in for pre-encoded frames ({@link PreEncodedFrames}): the session's
 * {@link WebSocketChannel} ({@code UndertowSession.getWebSocketChannel()}, public) and
 * {@link WebSockets#sendText(ByteBuffer, WebSocketChannel, WebSocketCallback)}, which takes the
 * payload already in UTF-8: the message is encoded once for all receivers instead of once each
 * (what the standard {@code sendText(String)} does before the same call). Undertow frames it and
 * applies any extension itself, so this holds with permessage-deflate too; several frames are
 * queued at once, and Undertow's framed channel writes what is queued in one gathering write.
 *
 * <p>Nothing private: the way in is Undertow's own public core API, which the JSR layer is
 * built on; the quirk is that the standard API offers no way to reach it.
 */
final class UndertowFrames implements PreEncodedFrames.Writer {

    private final WebSocketChannel channel;

    private UndertowFrames(WebSocketChannel channel) {
        this.channel = channel;
    }

    static Optional<PreEncodedFrames.Writer> of(Session session) {
        if (!(session instanceof UndertowSession undertow) || undertow.getWebSocketChannel() == null) {
            return Optional.empty();
        }
        return Optional.of(new UndertowFrames(undertow.getWebSocketChannel()));
    }

    @Override
    public String path() {
        return "undertow";
    }

    @Override
    public void write(List<byte[]> frames, Consumer<Throwable> done) {
        WebSocketCallback<Void> callback = new AllSent(frames.size(), done);
        for (byte[] frame : frames) {
            int offset = PreEncodedFrames.payloadOffset(frame);
            WebSockets.sendText(ByteBuffer.wrap(frame, offset, frame.length - offset), channel, callback);
        }
    }

    /** Reports once: when the last frame is sent, or when the first fails. */
    private static final class AllSent implements WebSocketCallback<Void> {

        private final AtomicInteger left;
        private final Consumer<Throwable> done;

        AllSent(int frames, Consumer<Throwable> done) {
            this.left = new AtomicInteger(frames);
            this.done = done;
        }

        @Override
        public void complete(WebSocketChannel channel, Void context) {
            if (left.decrementAndGet() == 0) {
                done.accept(null);
            }
        }

        @Override
        public void onError(WebSocketChannel channel, Void context, Throwable failure) {
            if (left.getAndSet(-1) > 0) {
                done.accept(failure);
            }
        }
    }
}
