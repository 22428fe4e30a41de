package io.jobsgateway.demo;

import io.jobsgateway.http.JsonBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/demo/batch-jobs}, checked as it is read, with the default in place. */
@Schema(name = DemoBatchJobRequest.SCHEMA, description = "The demo batch job to run; an empty body or {} imports "
        + DemoBatchJobs.ROWS + " rows")
record DemoBatchJobRequest(
        @Schema(minimum = "" + DemoBatchJobs.MIN_ROWS, maximum = "" + DemoBatchJobs.MAX_ROWS,
                defaultValue = "" + DemoBatchJobs.ROWS, description = "CSV rows to import") int rows) {

    static final String SCHEMA = "DemoBatchJobRequest";

    static DemoBatchJobRequest read(JsonBody body) {
        Integer rows = body.integer("rows", DemoBatchJobs.MIN_ROWS, DemoBatchJobs.MAX_ROWS);
        return new DemoBatchJobRequest(rows == null ? DemoBatchJobs.ROWS : rows);
    }
}
