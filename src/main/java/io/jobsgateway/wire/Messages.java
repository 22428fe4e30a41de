package io.jobsgateway.wire;

import io.jobsgateway.api.Identifiers;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

    /**
     * A job event as every transport sends it (contract section 5), for the documents that describe
     * it. Its JSON is never serialized from this record: it is assembled from {@link JobEventParts},
     * once per event however many receive it; {@code MessagesTest} holds JSON-B's writing of this
     * record to those bytes, so the description cannot drift from them.
     */
    @Schema(name = JobEventMessage.SCHEMA, description = "A job event, as WebSocket, Server-Sent Events, long polls and history send it",
            requiredProperties = {"type", "jobId", "seq", "epoch", "status", "timestamp", "clientId", "data"})
    @JsonbPropertyOrder({"type", "jobId", "seq", "epoch", "status", "timestamp", "clientId", "userId", "data", "replaced"})
    public record JobEventMessage(
            @Schema(enumeration = {"job.created", "job.started", "job.progress", "job.updated", "job.completed",
                    "job.failed"}) String type,
            @Schema(pattern = "^" + Identifiers.PATTERN + "$") String jobId,
            @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1",
                    description = "1 for the job's first event, then one more with each") long seq,
            @Schema(description = "The job's stream: seq starts again at 1 only with a new epoch") String epoch,
            @Schema(description = "The job's status after this event; by default the type's") String status,
            @Schema(format = "date-time") String timestamp,
            @Schema(description = "The client (tenant) that owns the job") String clientId,
            @Schema(description = "The user the job belongs to; left out for a job of no user") String userId,
            @Schema(type = SchemaType.OBJECT, description = "The event's payload; what it holds depends on the type")
            JsonObject data,
            @Schema(minimum = "1", description = "Only on a job.progress that a slow reader gets instead of older"
                    + " ones: how many events it stands for besides itself") Integer replaced) {
        public static final String SCHEMA = "JobEvent";
    }
}
