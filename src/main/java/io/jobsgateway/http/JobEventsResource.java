package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.EventTooLargeException;
import io.jobsgateway.history.Publication;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.wire.Messages.JobEventMessage;
import io.jobsgateway.wire.WireFormat;
import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
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
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Publishing a job's events and reading its history over HTTP. The API key's two security schemes
 * of the OpenAPI document are declared here, on a resource, so that a host application that
 * takes the library (and not the WAR's {@code Application}) has them in its document too.
 */
@Path("jobs/{jobId}")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key (contract section 2) as Authorization: Bearer K")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-API-Key", description = "An API key (contract section 2) as X-API-Key: K")
public class JobEventsResource {

    /** The answer to a publish: where the event stands in its job. */
    @Schema(name = Published.SCHEMA, requiredProperties = {"jobId", "seq"})
    @JsonbPropertyOrder({"jobId", "seq"})
    public record Published(String jobId, @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1") long seq) {
        static final String SCHEMA = "PublishedEvent";
    }

    /**
     * The answer to a history request. Its JSON is joined from the stored events' JSON
     * ({@code WireFormat.historyBody}), not serialized from this record, which describes it. (No
     * {@code @Schema} on the list: Payara then documents its items as arrays.)
     */
    @Schema(name = History.SCHEMA, requiredProperties = {"jobId", "events"}, description = "A job's stored events, oldest first")
    @JsonbPropertyOrder({"jobId", "events"})
    public record History(String jobId, List<JobEventMessage> events) {
        static final String SCHEMA = "JobHistory";
    }

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
    @Operation(operationId = "publishEvent", summary = "Publish one event of a job",
            description = "Needs the publish scope. The first event of a job fixes its owner (the key's client,"
                    + " or the clientId an admin names); a later event from another client is refused.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Parameters(@Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, pattern = "^" + Identifiers.PATTERN + "$")))
    @APIResponse(responseCode = "202", description = "Stored and on its way to the subscribers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Published.SCHEMA)))
    @APIResponse(responseCode = "400", description = "A malformed body, jobId or Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "403", description = "The key lacks the publish scope, names another client without"
            + " admin or another user while bound to one, or the job belongs to another client",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being answered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "413", description = "The body, or the event it makes, is over jobs.max-event-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "415", description = "A Content-Type other than JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "Past jobs.rate-limit.publish-per-second for this key",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response publish(@PathParam("jobId") @Parameter(description = "The job", required = true, schema = @Schema(type = SchemaType.STRING,
                                    pattern = "^" + Identifiers.PATTERN + "$")) String jobId,
                            @Context HttpHeaders headers,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(ref = EventRequest.SCHEMA))) InputStream content) {
        Identity who = access.publisher(headers);
        return idempotent.run(who, headers, () -> publish(who, jobId, headers, content));
    }

    private Response publish(Identity who, String jobId, HttpHeaders headers, InputStream content) {
        checkJobId(jobId);
        Publication publication = EventRequest.read(JsonBody.read(headers, content, settings.bounds().maxEventBytes(), false))
                .publication(who, jobId);
        Optional<StoredEvent> stored;
        try {
            stored = jobLog.appendAll(List.of(publication)).get(0);
        } catch (EventTooLargeException e) {
            throw ApiError.tooLarge(settings.bounds().maxEventBytes());
        }
        long seq = stored.orElseThrow(() -> ApiError.forbidden("job " + jobId + " belongs to another client")).seq();
        metrics.published(GatewayMetrics.Source.HTTP);
        return Response.accepted(wire.toJson(new Published(jobId, seq))).build();
    }

    /** {@code GET /api/jobs/{jobId}/history?limit=L&since=N}: the last L stored events after N, oldest first. */
    @GET
    @Path("history")
    @Operation(operationId = "jobHistory", summary = "Read a job's stored events",
            description = "The last limit stored events with a seq above since, oldest first. Any valid key of the"
                    + " job's client (and of its user, for a key bound to one) or an admin key.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @APIResponse(responseCode = "200", description = "The job's stored events",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = History.SCHEMA)))
    @APIResponse(responseCode = "400", description = "A malformed jobId, limit or since",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "404", description = "The job is unknown, another client's, or another user's",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "Past jobs.rate-limit.publish-per-second for this key",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response history(@PathParam("jobId") @Parameter(description = "The job", required = true, schema = @Schema(type = SchemaType.STRING,
                                    pattern = "^" + Identifiers.PATTERN + "$")) String jobId,
                            @Context HttpHeaders headers,
                            @QueryParam("limit") @Parameter(description = "At most this many events, the latest",
                                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "2147483647",
                                            defaultValue = "" + JobLog.DEFAULT_HISTORY_LIMIT)) String limitParam,
                            @QueryParam("since") @Parameter(description = "Only events with a seq above this",
                                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "2147483647",
                                            defaultValue = "0")) String sinceParam) {
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
