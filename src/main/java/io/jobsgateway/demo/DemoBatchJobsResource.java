package io.jobsgateway.demo;

import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.http.HttpAccess;
import io.jobsgateway.http.JsonBody;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/demo/batch-jobs}: starts the demo's Jakarta Batch job (a CSV import) for the
 * key's client, when {@code jobs.demo.enabled}. No Jakarta Batch type in its signature: on a
 * server without Batch, {@link DemoBatchJobs} is no bean and this answers 404.
 */
@Path("demo/batch-jobs")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoBatchJobsResource {

    @Inject
    Settings settings;
    @Inject
    HttpAccess access;
    @Inject
    Instance<DemoBatchJobs> batchJobs;
    @Inject
    WireFormat wire;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "startDemoBatchJob", summary = "Run the demo batch job",
            description = "Only when jobs.demo.enabled; needs the publish scope. A Jakarta Batch job of the key's"
                    + " client, a CSV import with one row skipped and one retried, that the gateway's batch listeners"
                    + " report: job.created, job.started, a job.progress per chunk (with read, written, skipped and the"
                    + " percentage), then job.completed with the job's metrics.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @APIResponse(responseCode = "202", description = "The job runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = DemoJobsResource.Started.SCHEMA)))
    @APIResponse(responseCode = "400", description = "A malformed body, or rows out of bounds",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "403", description = "The key lacks the publish scope",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "404", description = "Demo jobs are off (jobs.demo.enabled is false), or the server"
            + " has no Jakarta Batch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "413", description = "The body is over jobs.max-event-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "415", description = "A Content-Type other than JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "jobs.demo.max-running-jobs demo batch jobs run already, or past"
            + " jobs.rate-limit.publish-per-second for this key",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response start(@Context HttpHeaders headers,
                          @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                  schema = @Schema(ref = DemoBatchJobRequest.SCHEMA))) InputStream content) {
        if (!settings.demoEnabled()) {
            throw ApiError.notFound("demo jobs are off: set jobs.demo.enabled=true to turn them on");
        }
        if (!batchJobs.isResolvable()) {
            throw ApiError.notFound("this server has no Jakarta Batch (on WildFly, the batch-jberet subsystem)");
        }
        Identity who = access.publisher(headers);
        DemoBatchJobRequest request = DemoBatchJobRequest.read(JsonBody.read(headers, content, settings.bounds().maxEventBytes(), true));
        String jobId = batchJobs.get().start(who.clientId(), who.userId(), request.rows())
                .orElseThrow(() -> ApiError.tooManyDemoJobs(settings.bounds().demoMaxRunningJobs()));
        return Response.accepted(wire.toJson(new DemoJobsResource.Started(jobId))).build();
    }
}
