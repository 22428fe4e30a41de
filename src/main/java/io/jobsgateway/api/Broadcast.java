package io.jobsgateway.api;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A {@code message} for connections rather than rooms: every connection of {@code clientId}
 * (all clients when null), or only those of {@code userId} when it is set. Fired as a CDI event
 * ({@link JobsGateway#broadcastToAll}, {@link JobsGateway#emitToUser}), it goes out at once, to
 * every node, never in a transaction.
 */
public record Broadcast(String clientId, String userId, String event, JsonObject data, Instant timestamp) {

    public Broadcast {
        if (event == null || event.isEmpty()) { // contract section 5: a message always names its event
            throw new IllegalArgumentException("a message needs an event name, got " + (event == null ? "null" : "\"\""));
        }
        data = data == null ? JsonObject.EMPTY_JSON_OBJECT : data;
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }

    public boolean reaches(String connectionClientId, String connectionUserId) {
        return (clientId == null || clientId.equals(connectionClientId))
                && (userId == null || userId.equals(connectionUserId));
    }
}
