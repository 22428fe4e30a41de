package io.jobsgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@code java.net.http.WebSocket}, all connections on one shared {@link HttpClient}: the
 * obvious client, kept to compare its cost with {@link NioClients}. It answers pings by itself.
 * Each text message is turned back into UTF-8 bytes for the shared parser, which adds a little
 * to its cost (a copy of a few hundred bytes per message).
 */
final class JdkClients implements Clients {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final Set<WebSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();

    JdkClients() {
        ExitHook.closeAtExit(this);
    }

    @Override
    public void connect(Subscriber subscriber) {
        open.incrementAndGet();
        subscriber.starting(System.nanoTime());
        Listener listener = new Listener(subscriber);
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + subscriber.key)
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create("ws://127.0.0.1:" + subscriber.port + "/jobs"), listener)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        listener.end(-1, "connect: " + failure);
                    }
                });
    }

    @Override
    public int open() {
        return open.get();
    }

    @Override
    public void closeAll(long timeoutMillis) {
        for (WebSocket socket : Set.copyOf(sockets)) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Bench.sleep(50);
        }
        for (WebSocket socket : Set.copyOf(sockets)) {
            socket.abort();
        }
    }

    @Override
    public String description() {
        return "jdk (java.net.http.WebSocket, one shared HttpClient)";
    }

    @Override
    public void close() {
        closeAll(2000);
        ExitHook.closed(this);
    }

    private final class Listener implements WebSocket.Listener {
        private final Subscriber subscriber;
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
        private WebSocket socket;
        private boolean ended;

        Listener(Subscriber subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            sockets.add(webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            String text;
            if (!last) {
                partial.append(data);
                webSocket.request(1);
                return null;
            }
            if (partial.length() > 0) {
                text = partial.append(data).toString();
                partial.setLength(0);
            } else {
                text = data.toString();
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String reply = subscriber.onMessage(bytes, 0, bytes.length, now);
            if (reply != null) {
                // one send at a time: the JDK refuses a send while the previous one is pending
                sending = sending.thenCompose(ignored -> webSocket.sendText(reply, true));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end(statusCode, subscriber.closing || statusCode == 1000 ? null : "closed by the server with " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end(-1, subscriber.closing ? null : error.toString());
        }

        synchronized void end(int code, String why) {
            if (ended) {
                return;
            }
            ended = true;
            if (socket != null) {
                sockets.remove(socket);
            }
            open.decrementAndGet();
            subscriber.ended(code, why);
        }
    }
}
