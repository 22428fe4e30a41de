package io.jobsgateway.wire;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** What the server sends, one immutable record per message type; a null field is left out. */
public final class Messages {

    private Messages() {
    }

    @JsonbPropertyOrder({"type", "connectionId", "clientId", "userId", "heartbeatIntervalMs",
            "heartbeatTimeoutMs", "serverTime"})
    public record Connected(String type, String connectionId, String clientId, String userId,
                            long heartbeatIntervalMs, long heartbeatTimeoutMs, String serverTime) {
        public Connected(String connectionId, String clientId, String userId, long intervalMs, long timeoutMs,
                         String serverTime) {
            this("connected", connectionId, clientId, userId, intervalMs, timeoutMs, serverTime);
        }
    }

    /** {@code subscribed} or {@code unsubscribed}. */
    @JsonbPropertyOrder({"type", "room", "jobId", "recovered", "epoch", "id"})
    public record RoomReply(String type, String room, String jobId, Boolean recovered, String epoch, JsonValue id) {
    }

    @JsonbPropertyOrder({"type", "code", "message", "id"})
    public record Error(String type, String code, String message, JsonValue id) {
        public Error(String code, String message, JsonValue id) {
            this("error", code, message, id);
        }
    }

    @JsonbPropertyOrder({"type", "timestamp"})
    public record Ping(String type, String timestamp) {
        private static final String PREFIX = "{\"type\":\"ping\"";

        public Ping(String timestamp) {
            this("ping", timestamp);
        }

        /** Whether a message's JSON is a ping (its type leads it, as the property order says). */
        public static boolean is(String json) {
            return json.startsWith(PREFIX);
        }
    }

    @JsonbPropertyOrder({"type", "event", "data", "timestamp"})
    public record UserMessage(String type, String event, JsonObject data, String timestamp) {
        public UserMessage(String event, JsonObject data, String timestamp) {
            this("message", event, data, timestamp);
        }
    }
}
