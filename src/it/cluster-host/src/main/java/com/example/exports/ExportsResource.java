package com.example.exports;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The host's own resources: one that starts an export job, one that reads its history. */
@Path("exports")
public class ExportsResource {

    @Inject
    ExportJob exports;

    @POST
    @Path("{jobId}")
    public Response export(@PathParam("jobId") String jobId, @QueryParam("parts") int parts) {
        exports.export(jobId, parts);
        return Response.noContent().build();
    }

    @GET
    @Path("{jobId}/history-size")
    public String historySize(@PathParam("jobId") String jobId) {
        return Integer.toString(exports.historySize(jobId));
    }
}
