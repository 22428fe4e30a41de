package io.jobsgateway.api;

import io.jobsgateway.bus.Bus;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The gateway's operations for a host application's beans, for those who would rather call
 * methods than build {@link JobEvent}s. Every {@code emit...} fires a {@code JobEvent}, so it
 * goes out after the caller's transaction commits and never after a rollback.
 *
 * <pre>{@code
 * @Stateless
 * public class ReportJob {
 *     @Inject JobsGateway gateway;
 *
 *     public void run(String jobId) {
 *         gateway.emitJobCreated(jobId, "acme", "alice");
 *         gateway.emitJobProgress(jobId, 50, "Rendering page 5 of 10");
 *         gateway.emitJobCompleted(jobId, Map.of("pages", 10));
 *     }
 * }
 * }</pre>
 */
@ApplicationScoped
public class JobsGateway {

    @Inject
    Event<JobEvent> events;
    @Inject
    Event<Broadcast> broadcasts;
    @Inject
    JobHistory history;

    /** Announces a new job owned by {@code clientId} (and {@code userId}, which may be null). */
    public void emitJobCreated(String jobId, String clientId, String userId) {
        events.fire(JobEvent.created(jobId).ownedBy(clientId).forUser(userId));
    }

    /** {@code job.updated} with any status and free-form data, e.g. {@code emitJobUpdate(id, "queued", Map.of("position", 3))}. */
    public void emitJobUpdate(String jobId, String status, Map<String, ?> data) {
        events.fire(JobEvent.updated(jobId, status, data));
    }

    /** {@code job.progress}, e.g. {@code emitJobProgress(id, 50, "Executing action 2 of 4")}. */
    public void emitJobProgress(String jobId, int progress, String message) {
        events.fire(JobEvent.progress(jobId, progress, message, null));
    }

    /** {@code job.completed} with the job's result, e.g. {@code emitJobCompleted(id, Map.of("rows", 1200))}. */
    public void emitJobCompleted(String jobId, Map<String, ?> result) {
        events.fire(JobEvent.completed(jobId, result, List.of()));
    }

    /** {@code job.failed}, e.g. {@code emitJobError(id, "timeout", "The supplier did not answer in 30 s")}. */
    public void emitJobError(String jobId, String error, String errorMessage) {
        events.fire(JobEvent.failed(jobId, error, errorMessage));
    }

    /**
     * The job's last {@code limit} stored events, oldest first, each exactly as clients receive
     * it, e.g. {@code getJobHistory(id, 10).get(0).getInt("seq")}.
     */
    public List<JsonObject> getJobHistory(String jobId, int limit) {
        return history.lastEvents(jobId, limit).stream().map(JobsGateway::parse).toList();
    }

    /**
     * A {@code message} to every open connection of every client, at once (not transactional),
     * e.g. {@code broadcastToAll("maintenance", Map.of("at", "22:00"))}.
     */
    public void broadcastToAll(String event, Map<String, ?> data) {
        broadcasts.fire(new Broadcast(null, null, event, JobEvent.toJson(data), Instant.now()));
    }

    /**
     * A {@code message} to every open connection bound to {@code userId}, at once, e.g.
     * {@code emitToUser("alice", "quota", Map.of("left", 3))}.
     */
    public void emitToUser(String userId, String event, Map<String, ?> data) {
        Identifiers.require("userId", userId);
        broadcasts.fire(new Broadcast(null, userId, event, JobEvent.toJson(data), Instant.now()));
    }

    private static JsonObject parse(String json) {
        try (var reader = JsonP.createReader(json)) {
            return reader.readObject();
        }
    }
}
