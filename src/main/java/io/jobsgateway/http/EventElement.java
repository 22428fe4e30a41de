package io.jobsgateway.http;

import io.jobsgateway.api.Identifiers;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One element of {@code POST /api/events}: a job, and the body a single publish to that job
 * would send, read and checked by the single publish's own {@link EventRequest#read}.
 */
@Schema(name = EventElement.SCHEMA, requiredProperties = {"jobId", "type"},
        description = "One job event of a batch: its job, and what POST /api/jobs/{jobId}/events takes")
record EventElement(
        @Schema(pattern = EventRequest.ID, description = "The job") String jobId,
        @Schema(enumeration = {"job.created", "job.started", "job.progress", "job.updated", "job.completed",
                "job.failed"}) String type,
        @Schema(type = SchemaType.OBJECT, defaultValue = "{}", description = EventRequest.DATA) JsonObject data,
        @Schema(description = EventRequest.STATUS) String status,
        @Schema(pattern = EventRequest.ID, description = EventRequest.USER_ID) String userId,
        @Schema(pattern = EventRequest.ID, description = EventRequest.CLIENT_ID) String clientId) {

    static final String SCHEMA = "EventBatchElement";

    /** Reads and checks one element: 400 for a missing or bad {@code jobId}, and as {@link EventRequest#read}. */
    static EventElement read(JsonBody element) {
        String jobId = element.id("jobId");
        if (jobId == null) {
            throw ApiError.badRequest("jobId must be " + Identifiers.RULE);
        }
        EventRequest event = EventRequest.read(element);
        return new EventElement(jobId, event.type(), event.data(), event.status(), event.userId(), event.clientId());
    }

    EventRequest event() {
        return new EventRequest(type, data, status, userId, clientId);
    }
}
