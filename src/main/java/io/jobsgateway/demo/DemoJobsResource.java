package io.jobsgateway.demo;

import io.jobsgateway.http.ApiError;
import io.jobsgateway.http.HttpAccess;
import io.jobsgateway.http.JsonBody;
import io.jobsgateway.access.Identity;
import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
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

/** {@code POST /api/demo/jobs}: starts a demo job for the key's client, when {@code jobs.demo.enabled}. */
@Path("demo/jobs")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoJobsResource {

    @Inject
    Settings settings;
    @Inject
    HttpAccess access;
    @Inject
    DemoJobs demoJobs;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response start(@Context HttpHeaders headers, InputStream content) {
        if (!settings.demoEnabled()) {
            throw ApiError.notFound("demo jobs are off: set jobs.demo.enabled=true to turn them on");
        }
        Identity who = access.publisher(headers);
        JsonBody body = JsonBody.read(headers, content, settings.bounds().maxEventBytes(), true);
        int steps = orElse(body.integer("steps", 1, DemoJobs.MAX_STEPS), 4);
        int stepMillis = orElse(body.integer("stepMillis", 0, DemoJobs.MAX_STEP_MILLIS), 500);
        Integer failAtStep = body.integer("failAtStep", 1, steps);
        String jobId = demoJobs.start(who.clientId(), who.userId(), steps, stepMillis, failAtStep)
                .orElseThrow(() -> ApiError.tooManyDemoJobs(settings.bounds().demoMaxRunningJobs()));
        return Response.accepted(JsonP.createObjectBuilder().add("jobId", jobId).build().toString()).build();
    }

    private static int orElse(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }
}
