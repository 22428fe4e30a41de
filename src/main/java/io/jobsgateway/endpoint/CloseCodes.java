package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.Connection;
import jakarta.websocket.CloseReason;

/** The close codes of the wire contract, each with the reason a client reads. */
enum CloseCodes {
    UNAUTHORIZED(4401, "missing or invalid API key"),
    TOO_MANY_CONNECTIONS(4429, "too many connections for this API key"),
    HEARTBEAT_TIMEOUT(4408, "no pong or other message within the heartbeat timeout"),
    POLICY_VIOLATION(1008, "too many messages per second"),
    MESSAGE_TOO_BIG(1009, "message larger than jobs.max-message-bytes"),
    UNSUPPORTED_DATA(1003, "binary frames are not accepted"),
    TRY_AGAIN_LATER(1013, "too many messages waiting for this connection: read faster and reconnect"),
    UNAVAILABLE(1013, "the cluster store is unreachable: reconnect in a while");

    private final int code;
    private final String reason;

    CloseCodes(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    int code() {
        return code;
    }

    String text() {
        return reason;
    }

    CloseReason reason() {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
    }

    /** Stops sending to the connection and closes it with this code, off the caller's thread. */
    void close(Connection connection) {
        connection.disconnect(code, reason);
    }
}
