package io.jobsgateway.api;

import io.jobsgateway.quirks.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a job, fired by any EJB or CDI bean and delivered to every
 * connection subscribed to the job, its owner client or its user.
 *
 * <pre>{@code
 * @Inject Event<JobEvent> jobEvents;
 *
 * jobEvents.fire(JobEvent.created("report-42").ownedBy("acme").forUser("alice"));
 * jobEvents.fire(JobEvent.progress("report-42", 50, "Rendering page 5 of 10", "render"));
 * jobEvents.fire(JobEvent.completed("report-42", Map.of("pages", 10), List.of("report-42.pdf")));
 * }</pre>
 *
 * Fired inside a JTA transaction, an event goes out only after the transaction commits, and
 * never after a rollback; fired outside one, it goes out at once. The first event of a job
 * fixes its owner ({@link #ownedBy(String)}); later events may leave the owner out.
 *
 * @param type      the kind of event
 * @param jobId     the job, 1 to 128 characters of {@code A-Z a-z 0-9 . _ : -}
 * @param clientId  the client (tenant) that owns the job; null to keep the owner the job has
 * @param userId    the user the job belongs to, or null
 * @param status    the job's status after this event
 * @param data      the event's payload
 * @param timestamp when it happened
 */
public record JobEvent(JobEventType type, String jobId, String clientId, String userId,
                       String status, JsonObject data, Instant timestamp) {

    public JobEvent {
        Objects.requireNonNull(type, "type");
        Identifiers.require("jobId", jobId);
        if (clientId != null) {
            Identifiers.require("clientId", clientId);
        }
        if (userId != null) {
            Identifiers.require("userId", userId);
        }
        status = status == null || status.isBlank() ? type.defaultStatus() : status;
        data = data == null ? JsonObject.EMPTY_JSON_OBJECT : data;
        timestamp = timestamp == null ? Instant.now() : timestamp;
    }

    /** An event of any kind, with the type's default status when {@code status} is null. */
    public static JobEvent of(JobEventType type, String jobId, String status, Map<String, ?> data) {
        return new JobEvent(type, jobId, null, null, status, toJson(data), Instant.now());
    }

    /** The job exists and waits to run: status {@code pending}. */
    public static JobEvent created(String jobId) {
        Instant now = Instant.now();
        return new JobEvent(JobEventType.CREATED, jobId, null, null, null,
                JsonP.createObjectBuilder().add("createdAt", Timestamps.format(now)).build(), now);
    }

    /** The job began to run: status {@code processing}. */
    public static JobEvent started(String jobId) {
        Instant now = Instant.now();
        return new JobEvent(JobEventType.STARTED, jobId, null, null, null,
                JsonP.createObjectBuilder().add("startedAt", Timestamps.format(now)).build(), now);
    }

    /** The job moved on: {@code progress} from 0 to 100, a message for people and the step's name. */
    public static JobEvent progress(String jobId, int progress, String message, String step) {
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0 to 100, got " + progress);
        }
        JsonObjectBuilder data = JsonP.createObjectBuilder().add("progress", progress);
        addIfPresent(data, "message", message);
        addIfPresent(data, "step", step);
        return new JobEvent(JobEventType.PROGRESS, jobId, null, null, null, data.build(), Instant.now());
    }

    /** Anything else about the job, with a status of your choosing and free-form data. */
    public static JobEvent updated(String jobId, String status, Map<String, ?> data) {
        return of(JobEventType.UPDATED, jobId, status, data);
    }

    /** The job finished: status {@code completed}, with its result and the names of what it produced. */
    public static JobEvent completed(String jobId, Map<String, ?> result, List<String> artifacts) {
        Instant now = Instant.now();
        JsonObjectBuilder data = JsonP.createObjectBuilder()
                .add("completedAt", Timestamps.format(now))
                .add("result", toJson(result))
                .add("artifacts", JsonP.createArrayBuilder(artifacts == null ? List.of() : artifacts));
        return new JobEvent(JobEventType.COMPLETED, jobId, null, null, null, data.build(), now);
    }

    /** The job failed: status {@code failed}, with a short error code and a message for people. */
    public static JobEvent failed(String jobId, String error, String errorMessage) {
        Instant now = Instant.now();
        JsonObjectBuilder data = JsonP.createObjectBuilder().add("completedAt", Timestamps.format(now));
        addIfPresent(data, "error", error);
        addIfPresent(data, "errorMessage", errorMessage);
        return new JobEvent(JobEventType.FAILED, jobId, null, null, null, data.build(), now);
    }

    /** This event with its job owned by {@code clientId}. */
    public JobEvent ownedBy(String clientId) {
        return new JobEvent(type, jobId, clientId, userId, status, data, timestamp);
    }

    /** This event with its job belonging to {@code userId}. */
    public JobEvent forUser(String userId) {
        return new JobEvent(type, jobId, clientId, userId, status, data, timestamp);
    }

    static JsonObject toJson(Map<String, ?> data) {
        if (data == null || data.isEmpty()) {
            return JsonObject.EMPTY_JSON_OBJECT;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) data;
        return JsonP.createObjectBuilder(values).build();
    }

    private static void addIfPresent(JsonObjectBuilder data, String name, String value) {
        if (value != null) {
            data.add(name, value);
        }
    }
}
