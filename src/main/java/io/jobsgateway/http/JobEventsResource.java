package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.EventTooLargeException;
import io.jobsgateway.history.JobOwnershipException;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.quirks.JsonP;
import io.jobsgateway.wire.WireFormat;
import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** Publishing a job's events and reading its history over HTTP. */
@Path("jobs/{jobId}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class JobEventsResource {

    @Inject
    HttpAccess access;
    @Inject
    IdempotentRequests idempotent;
    @Inject
    Settings settings;
    @Inject
    JobLog jobLog;
    @Inject
    WireFormat wire;
    @Inject
    GatewayMetrics metrics;

    /** {@code POST /api/jobs/{jobId}/events}: 202 {@code {"jobId","seq"}}. */
    @POST
    @Path("events")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@PathParam("jobId") String jobId, @Context HttpHeaders headers, InputStream content) {
        Identity who = access.publisher(headers);
        return idempotent.run(who, headers, () -> publish(who, jobId, headers, content));
    }

    private Response publish(Identity who, String jobId, HttpHeaders headers, InputStream content) {
        checkJobId(jobId);
        JsonBody body = JsonBody.read(headers, content, settings.bounds().maxEventBytes(), false);
        String typeName = body.string("type");
        JobEventType type = JobEventType.fromWireName(typeName).orElseThrow(() -> ApiError.badRequest(
                "type must be one of job.created, job.started, job.progress, job.updated, job.completed, job.failed"));
        String clientId = body.id("clientId");
        if (clientId != null && !clientId.equals(who.clientId()) && !who.isAdmin()) {
            throw ApiError.forbidden("publishing for another client needs the admin scope");
        }
        if (clientId == null && !(who.isAdmin() && jobLog.owner(jobId).isPresent())) {
            clientId = who.clientId(); // an admin that names no client keeps the owner a job has
        }
        String userId = body.id("userId");
        if (who.userId() != null && userId != null && !userId.equals(who.userId()) && !who.isAdmin()) {
            throw ApiError.forbidden("this API key is bound to user " + who.userId() + " and may not publish for another");
        }
        JobEvent event = new JobEvent(type, jobId, clientId, userId != null ? userId : who.userId(),
                body.string("status"), body.object("data"), Instant.now());
        StoredEvent stored;
        try {
            stored = jobLog.append(event);
        } catch (JobOwnershipException e) {
            throw ApiError.forbidden(e.getMessage());
        } catch (EventTooLargeException e) {
            throw ApiError.tooLarge(settings.bounds().maxEventBytes());
        }
        metrics.published(GatewayMetrics.Source.HTTP);
        return Response.accepted(JsonP.createObjectBuilder().add("jobId", jobId).add("seq", stored.seq())
                .build().toString()).build();
    }

    /** {@code GET /api/jobs/{jobId}/history?limit=L&since=N}: the last L stored events after N, oldest first. */
    @GET
    @Path("history")
    public Response history(@PathParam("jobId") String jobId, @Context HttpHeaders headers,
                            @QueryParam("limit") String limitParam, @QueryParam("since") String sinceParam) {
        Identity who = access.authenticate(headers);
        checkJobId(jobId);
        int limit = (int) number("limit", limitParam, JobLog.DEFAULT_HISTORY_LIMIT, 1);
        long since = number("since", sinceParam, 0, 0);
        if (!jobLog.readableBy(jobId, who)) {
            throw ApiError.notFound("no job " + jobId + " for this API key");
        }
        List<StoredEvent> events = jobLog.since(jobId, since, null).events();
        List<String> json = events.subList(Math.max(0, events.size() - limit), events.size()).stream()
                .map(StoredEvent::json).toList();
        return Response.ok(wire.historyBody(jobId, json)).build();
    }

    private static void checkJobId(String jobId) {
        if (!Identifiers.isValid(jobId)) {
            throw ApiError.badRequest("jobId must be " + Identifiers.RULE);
        }
    }

    private static long number(String name, String value, long defaultValue, long min) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be a whole number of " + min + " or more");
    }
}
