package io.jobsgateway.cluster;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A {@code message} for connections rather than rooms: every connection of {@code clientId}
 * (all clients when null), or only those of {@code userId} when it is set.
 */
public record Broadcast(String clientId, String userId, String event, JsonObject data, Instant timestamp) {

    public Broadcast {
        data = data == null ? JsonObject.EMPTY_JSON_OBJECT : data;
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }

    public boolean reaches(String connectionClientId, String connectionUserId) {
        return (clientId == null || clientId.equals(connectionClientId))
                && (userId == null || userId.equals(connectionUserId));
    }
}
