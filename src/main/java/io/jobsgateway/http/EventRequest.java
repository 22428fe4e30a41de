package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.history.Publication;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/jobs/{jobId}/events}, and the event of each element of
 * {@code POST /api/events}: each field checked as it is read, and who may publish what checked in
 * {@link #publication}, in one place for both.
 */
@Schema(name = EventRequest.SCHEMA, requiredProperties = "type", description = "A job event to publish")
record EventRequest(
        @Schema(enumeration = {"job.created", "job.started", "job.progress", "job.updated", "job.completed",
                "job.failed"}) String type,
        @Schema(type = SchemaType.OBJECT, defaultValue = "{}", description = EventRequest.DATA) JsonObject data,
        @Schema(description = EventRequest.STATUS) String status,
        @Schema(pattern = EventRequest.ID, description = EventRequest.USER_ID) String userId,
        @Schema(pattern = EventRequest.ID, description = EventRequest.CLIENT_ID) String clientId) {

    static final String SCHEMA = "EventRequest";
    // What the OpenAPI document says of each field, here and in EventElement.
    static final String ID = "^" + Identifiers.PATTERN + "$";
    static final String DATA = "The event's payload (contract section 5 lists what each type carries)";
    static final String STATUS = "The job's status after this event; by default the type's (job.created: pending,"
            + " job.started, job.progress, job.updated: processing, job.completed: completed, job.failed: failed)";
    static final String USER_ID = "The user the job belongs to; a key bound to a user may name only its own, and by"
            + " default names it";
    static final String CLIENT_ID = "The client that owns the job; another than the key's own needs the admin scope";

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

    /**
     * The event {@code who} publishes with this request for job {@code jobId}: 403 for a
     * {@code clientId} other than its own without admin, or a {@code userId} other than its own
     * for a key bound to a user. A key names its own client, unless an admin names none: then
     * the job keeps the owner it has, and a new job becomes the admin's client's.
     */
    Publication publication(Identity who, String jobId) {
        if (clientId != null && !clientId.equals(who.clientId()) && !who.isAdmin()) {
            throw ApiError.forbidden("publishing for another client needs the admin scope");
        }
        if (who.userId() != null && userId != null && !userId.equals(who.userId()) && !who.isAdmin()) {
            throw ApiError.forbidden("this API key is bound to user " + who.userId() + " and may not publish for another");
        }
        String owner = clientId != null ? clientId : who.isAdmin() ? null : who.clientId();
        JobEvent event = new JobEvent(JobEventType.fromWireName(type).orElseThrow(), jobId, owner,
                userId != null ? userId : who.userId(), status, data, Instant.now());
        return new Publication(event, who.clientId());
    }
}
