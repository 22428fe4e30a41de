package com.example.reports;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The host's own resources: one of its own, and one that starts a report job. */
@Path("reports")
public class ReportsResource {

    @Inject
    ReportJob reports;

    @GET
    @Path("hello")
    public String hello() {
        return "hello from the reports host";
    }

    @POST
    @Path("{jobId}")
    public Response render(@PathParam("jobId") String jobId, @QueryParam("pages") int pages) {
        reports.render(jobId, pages);
        return Response.noContent().build();
    }
}
