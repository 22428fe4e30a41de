package io.jobsgateway.delivery;

import java.util.List;
import java.util.function.Consumer;

/**
 * How one connection's messages reach its client: a WebSocket today; the fallback transports of
 * contract section 8 (Server-Sent Events, long polling) plug in here, and everything above it
 * (rooms, lanes, the outbox, per-job order and replay) stays as it is.
 */
public interface Transport {

    /** How the {@code transport} label of the metrics and the connection log name it: websocket, sse or poll. */
    String name();

    /**
     * Sends these text messages, in order and in as few writes as the transport can, without
     * blocking, and reports to {@code done} once: null when all were sent, else the failure; on
     * any thread, possibly before {@code send} returns.
     */
    void send(List<Outgoing> messages, Consumer<Throwable> done);

    /** Closes with the contract's close code and reason, off the caller's thread: closing may wait on the network. */
    void close(int code, String reason);

    /** The connection's outbox overflowed: its client reads too slowly (the contract closes it with 1013). */
    void overflowed(Connection connection);

    /** A send failed: the client is gone; close without ceremony. */
    void failed(Throwable cause);
}
