package io.jobsgateway.bench;

/**
 * The client side of the benchmark: {@link NioClients}, a small WebSocket client on NIO
 * selectors (the default: it costs the generator least per connection and per message), or
 * {@link JdkClients}, the JDK's {@code java.net.http.WebSocket} on one shared HttpClient, for
 * comparison ({@code -Dbench.client=nio|jdk}). Over {@code -Dbench.transport=sse} the same
 * connections are Server-Sent Events streams ({@code GET /api/stream}), which only
 * {@link NioClients} speaks.
 */
interface Clients extends AutoCloseable {

    /** Starts connecting; the subscriber's lifecycle reports how it goes. Any thread. */
    void connect(Subscriber subscriber);

    /** Connections not yet ended. */
    int open();

    /**
     * Closes every connection with 1000 and waits up to {@code timeoutMillis} for the server's
     * close; what is left is then dropped.
     */
    void closeAll(long timeoutMillis);

    String description();

    /**
     * Stops ({@code false}) or resumes reading a connection's socket, and returns once that is in
     * force. A connection that reads nothing leaves what the server sends in the kernel, so the
     * server's send buffer and then its own queue for it fill, as behind a client that stalled.
     */
    default void reading(Subscriber subscriber, boolean reading) {
        throw new UnsupportedOperationException(description() + " cannot stop reading a socket: use -Dbench.client=nio");
    }

    /** Sends a text message on an open connection, also while it reads nothing. */
    default void send(Subscriber subscriber, String text) {
        throw new UnsupportedOperationException(description() + " cannot send on demand: use -Dbench.client=nio");
    }

    @Override
    void close();

    /** {@code transport}: {@code websocket} or {@code sse}. */
    static Clients create(String kind, int threads, String transport) {
        boolean sse = switch (transport) {
            case "websocket" -> false;
            case "sse" -> true;
            default -> throw new IllegalArgumentException("-Dbench.transport must be websocket or sse, not " + transport);
        };
        return switch (kind) {
            case "nio" -> new NioClients(threads, sse);
            case "jdk" -> {
                if (sse) {
                    throw new IllegalArgumentException("-Dbench.transport=sse needs -Dbench.client=nio");
                }
                yield new JdkClients();
            }
            default -> throw new IllegalArgumentException("-Dbench.client must be nio or jdk, not " + kind);
        };
    }
}
