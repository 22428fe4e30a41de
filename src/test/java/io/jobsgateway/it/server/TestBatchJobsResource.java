package io.jobsgateway.it.server;

import io.jobsgateway.batch.BatchParameters;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Properties;

/**
 * Lets the black-box tests run batch jobs as a host application would, through the job operator:
 * {@code POST /api/test-batch-jobs/{jobXml}?jobId=J&clientId=C&rows=N&chunkSize=S&chunkMillis=M}
 * answers the execution id, {@code POST /api/test-batch-jobs/executions/{id}/stop} stops it.
 */
@Path("test-batch-jobs")
@RequestScoped
public class TestBatchJobsResource {

    @POST
    @Path("{jobXml}")
    public Response start(@PathParam("jobXml") String jobXml, @QueryParam("jobId") String jobId,
                          @QueryParam("clientId") String clientId, @QueryParam("rows") String rows,
                          @QueryParam("chunkSize") String chunkSize, @QueryParam("chunkMillis") String chunkMillis,
                          @QueryParam("failAtLine") String failAtLine) {
        Properties parameters = new Properties();
        put(parameters, BatchParameters.JOB_ID, jobId);
        put(parameters, BatchParameters.CLIENT_ID, clientId);
        put(parameters, "rows", rows);
        put(parameters, "chunkSize", chunkSize);
        put(parameters, "chunkMillis", chunkMillis);
        put(parameters, "failAtLine", failAtLine);
        long execution = BatchRuntime.getJobOperator().start(jobXml, parameters);
        return Response.ok(String.valueOf(execution)).build();
    }

    @POST
    @Path("executions/{execution}/stop")
    public Response stop(@PathParam("execution") long execution) {
        BatchRuntime.getJobOperator().stop(execution);
        return Response.noContent().build();
    }

    private static void put(Properties parameters, String name, String value) {
        if (value != null) {
            parameters.setProperty(name, value);
        }
    }
}
