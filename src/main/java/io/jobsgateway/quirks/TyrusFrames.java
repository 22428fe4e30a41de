package io.jobsgateway.quirks;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;

/**
 * Tyrus's way in for pre-encoded frames ({@link PreEncodedFrames}): the connection's
 * {@code org.glassfish.tyrus.spi.Writer}, which every frame Tyrus sends ends in. Its
 * {@code TyrusWebSocket.sendRawFrame} is public but answers a future without a callback, so this
 * goes one step further, to the writer itself: the same call {@code sendRawFrame} makes, with a
 * completion handler. The writer is synchronised and Tyrus's own pings and close frames go through
 * it too, so the order of frames holds. Several frames go out as one buffer: one write and one
 * flush of the servlet stream instead of one per frame.
 *
 * <p>Only for sessions without negotiated extensions (a raw frame skips them), and only when the
 * three private members it reads are what they are in Tyrus 2.1 (Payara 6):
 * {@code TyrusRemoteEndpoint.webSocket}, {@code TyrusWebSocket.getProtocolHandler()},
 * {@code ProtocolHandler.writer}; else the caller uses the standard API. Upstream: see
 * {@link PreEncodedFrames}; our report: src/docs/upstream-reports.md, section 14.
 */
final class TyrusFrames implements PreEncodedFrames.Writer {

    private static final Members MEMBERS = Members.find();

    private final org.glassfish.tyrus.spi.Writer writer;

    private TyrusFrames(org.glassfish.tyrus.spi.Writer writer) {
        this.writer = writer;
    }

    static Optional<PreEncodedFrames.Writer> of(Session session) {
        if (MEMBERS == null || !session.getNegotiatedExtensions().isEmpty()) {
            return Optional.empty();
        }
        org.glassfish.tyrus.spi.Writer writer = MEMBERS.writer(session);
        return writer == null ? Optional.empty() : Optional.of(new TyrusFrames(writer));
    }

    @Override
    public String path() {
        return "tyrus";
    }

    @Override
    public void write(List<byte[]> frames, Consumer<Throwable> done) {
        writer.write(ByteBuffer.wrap(joined(frames)), new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                done.accept(null);
            }

            @Override
            public void failed(Throwable failure) {
                done.accept(failure);
            }

            @Override
            public void cancelled() {
                done.accept(new CancellationException("Tyrus cancelled the write: the session closed"));
            }
        });
    }

    /** One frame as it is (the shared bytes are only read), several in one array. */
    static byte[] joined(List<byte[]> frames) {
        if (frames.size() == 1) {
            return frames.get(0);
        }
        int length = 0;
        for (byte[] frame : frames) {
            length += frame.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, joined, at, frame.length);
            at += frame.length;
        }
        return joined;
    }

    /** The private members on the way from a session to its writer, found once; null when Tyrus is not the one this knows. */
    private record Members(Field webSocket, Method protocolHandler, Field writer) {

        static Members find() {
            try {
                ClassLoader tyrus = CompletionHandler.class.getClassLoader();
                Class<?> remote = Class.forName("org.glassfish.tyrus.core.TyrusRemoteEndpoint", false, tyrus);
                Class<?> socket = Class.forName("org.glassfish.tyrus.core.TyrusWebSocket", false, tyrus);
                Class<?> handler = Class.forName("org.glassfish.tyrus.core.ProtocolHandler", false, tyrus);
                Field webSocket = remote.getDeclaredField("webSocket");
                Method protocolHandler = socket.getDeclaredMethod("getProtocolHandler");
                Field writer = handler.getDeclaredField("writer");
                if (webSocket.getType() != socket || protocolHandler.getReturnType() != handler
                        || writer.getType() != org.glassfish.tyrus.spi.Writer.class) {
                    return null;
                }
                webSocket.setAccessible(true);
                protocolHandler.setAccessible(true);
                writer.setAccessible(true);
                return new Members(webSocket, protocolHandler, writer);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        org.glassfish.tyrus.spi.Writer writer(Session session) {
            try {
                Object remote = session.getAsyncRemote();
                if (!webSocket.getDeclaringClass().isInstance(remote)) {
                    return null;
                }
                Object socket = webSocket.get(remote);
                Object handler = socket == null ? null : protocolHandler.invoke(socket);
                return handler == null ? null : (org.glassfish.tyrus.spi.Writer) writer.get(handler);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}
