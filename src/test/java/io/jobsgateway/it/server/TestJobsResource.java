package io.jobsgateway.it.server;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Lets the black-box tests make {@link TestJobs} fire events: {@code /api/test-jobs/{jobId}/...}. */
@Path("test-jobs/{jobId}")
@RequestScoped
public class TestJobsResource {

    @Inject
    TestJobs jobs;

    @POST
    @Path("commit")
    public Response commit(@PathParam("jobId") String jobId, @QueryParam("clientId") String clientId,
                           @QueryParam("holdMillis") @DefaultValue("0") long holdMillis) {
        jobs.createAndCommit(jobId, clientId, holdMillis);
        return Response.noContent().build();
    }

    @POST
    @Path("rollback")
    public Response rollback(@PathParam("jobId") String jobId, @QueryParam("clientId") String clientId) {
        jobs.createAndRollBack(jobId, clientId);
        return Response.noContent().build();
    }

    @POST
    @Path("burst")
    public Response burst(@PathParam("jobId") String jobId, @QueryParam("clientId") String clientId,
                          @QueryParam("userId") String userId, @QueryParam("count") int count,
                          @QueryParam("padChars") @DefaultValue("0") int padChars,
                          @QueryParam("pauseMillis") @DefaultValue("0") long pauseMillis) {
        jobs.burst(jobId, clientId, userId, count, padChars, pauseMillis);
        return Response.noContent().build();
    }
}
