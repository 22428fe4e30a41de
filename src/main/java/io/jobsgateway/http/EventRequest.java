package io.jobsgateway.http;

import io.jobsgateway.api.Identifiers;
import io.jobsgateway.api.JobEventType;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/jobs/{jobId}/events}, each field checked as it is read. */
@Schema(name = EventRequest.SCHEMA, requiredProperties = "type", description = "A job event to publish")
record EventRequest(
        @Schema(enumeration = {"job.created", "job.started", "job.progress", "job.updated", "job.completed",
                "job.failed"}) String type,
        @Schema(type = SchemaType.OBJECT, defaultValue = "{}",
                description = "The event's payload (contract section 5 lists what each type carries)") JsonObject data,
        @Schema(description = "The job's status after this event; by default the type's (job.created: pending,"
                + " job.started, job.progress, job.updated: processing, job.completed: completed, job.failed: failed)")
        String status,
        @Schema(pattern = "^" + Identifiers.PATTERN + "$", description = "The user the job belongs to; a key bound"
                + " to a user may name only its own, and by default names it") String userId,
        @Schema(pattern = "^" + Identifiers.PATTERN + "$", description = "The client that owns the job; another"
                + " than the key's own needs the admin scope") String clientId) {

    static final String SCHEMA = "EventRequest";

    /** Reads and checks the body: 400 for a field that is missing or of the wrong kind. */
    static EventRequest read(JsonBody body) {
        String type = body.string("type");
        if (JobEventType.fromWireName(type).isEmpty()) {
            throw ApiError.badRequest("type must be one of job.created, job.started, job.progress, job.updated,"
                    + " job.completed, job.failed");
        }
        String clientId = body.id("clientId");
        String userId = body.id("userId");
        String status = body.string("status");
        return new EventRequest(type, body.object("data"), status, userId, clientId);
    }

    JobEventType eventType() {
        return JobEventType.fromWireName(type).orElseThrow();
    }
}
