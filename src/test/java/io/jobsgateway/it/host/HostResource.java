package io.jobsgateway.it.host;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The host's own resources: one of its own, and two that start its jobs. */
@Path("host")
public class HostResource {

    @Inject
    ReportJob reports;
    @Inject
    FailingReportJob failingReports;

    @GET
    @Path("hello")
    public String hello() {
        return "hello from the host";
    }

    @POST
    @Path("reports/{jobId}")
    public Response render(@PathParam("jobId") String jobId, @QueryParam("pages") int pages) {
        reports.render(jobId, pages);
        return Response.noContent().build();
    }

    @POST
    @Path("failing-reports/{jobId}")
    public Response renderThenRollBack(@PathParam("jobId") String jobId) {
        failingReports.renderThenRollBack(jobId);
        return Response.noContent().build();
    }
}
