package io.jobsgateway.demo;

import io.jobsgateway.http.JsonBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/demo/jobs}, checked as it is read, with the defaults in place. */
@Schema(name = DemoJobRequest.SCHEMA, description = "The demo job to run; an empty body or {} runs the defaults")
record DemoJobRequest(
        @Schema(minimum = "1", maximum = "" + DemoJobs.MAX_STEPS, defaultValue = "" + DemoJobRequest.STEPS,
                description = "job.progress events before the end") int steps,
        @Schema(minimum = "0", maximum = "" + DemoJobs.MAX_STEP_MILLIS, defaultValue = "" + DemoJobRequest.STEP_MILLIS,
                description = "Milliseconds between events") int stepMillis,
        @Schema(minimum = "1", description = "The step (counted from 1, at most steps) at which the job fails"
                + " with job.failed; it completes when left out") Integer failAtStep) {

    static final String SCHEMA = "DemoJobRequest";

    static final int STEPS = 4;
    static final int STEP_MILLIS = 500;

    static DemoJobRequest read(JsonBody body) {
        int steps = orElse(body.integer("steps", 1, DemoJobs.MAX_STEPS), STEPS);
        int stepMillis = orElse(body.integer("stepMillis", 0, DemoJobs.MAX_STEP_MILLIS), STEP_MILLIS);
        return new DemoJobRequest(steps, stepMillis, body.integer("failAtStep", 1, steps));
    }

    private static int orElse(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }
}
