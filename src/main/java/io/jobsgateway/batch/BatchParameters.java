package io.jobsgateway.batch;

import io.jobsgateway.api.Identifiers;
import java.util.Properties;

/**
 * The names a batch job gives its gateway job by: job parameters of {@code JobOperator.start}, or
 * properties of the job XML's {@code <job>} element (a parameter wins), read when the job starts.
 *
 * <pre>{@code
 * Properties parameters = new Properties();
 * parameters.setProperty(BatchParameters.CLIENT_ID, "acme");     // required: the job's owner
 * parameters.setProperty(BatchParameters.USER_ID, "alice");      // optional
 * parameters.setProperty(BatchParameters.JOB_ID, "import-42");   // optional: default batch-<execution id>
 * parameters.setProperty(BatchParameters.TOTAL, "2000");         // optional: items, for a percentage
 * long execution = BatchRuntime.getJobOperator().start("csv-import", parameters);
 * }</pre>
 */
public final class BatchParameters {

    /** The gateway job's id; by default {@value #DEFAULT_JOB_ID_PREFIX} and the execution id. */
    public static final String JOB_ID = "jobs.jobId";
    /** The client (tenant) that owns the job: without it the job reports nothing (and the log says so). */
    public static final String CLIENT_ID = "jobs.clientId";
    /** The user the job belongs to; none when left out. */
    public static final String USER_ID = "jobs.userId";
    /**
     * How many items the job's chunk steps read in all, for {@code progress} (0 to 100); without it,
     * or a {@code JobContext} transient hint ({@link BatchRun#totalHint}), progress events carry counts only.
     */
    public static final String TOTAL = "jobs.total";

    public static final String DEFAULT_JOB_ID_PREFIX = "batch-";

    private BatchParameters() {
    }

    /**
     * The gateway job of an execution, or why there is none.
     *
     * @param parameters    the execution's job parameters (may be null)
     * @param jobProperties the job XML's job-level properties (may be null)
     */
    static Resolved resolve(String batchJobName, long executionId, Properties parameters, Properties jobProperties) {
        String jobId = value(JOB_ID, parameters, jobProperties);
        if (jobId == null) {
            jobId = DEFAULT_JOB_ID_PREFIX + executionId;
        }
        String clientId = value(CLIENT_ID, parameters, jobProperties);
        String userId = value(USER_ID, parameters, jobProperties);
        String total = value(TOTAL, parameters, jobProperties);
        if (!Identifiers.isValid(jobId)) {
            return Resolved.none(JOB_ID + " must be " + Identifiers.RULE + ", it is '" + jobId + "'");
        }
        if (clientId == null) {
            return Resolved.none("the job names no owner: give the job parameter " + CLIENT_ID
                    + " (or a job property of that name in its job XML)");
        }
        if (!Identifiers.isValid(clientId)) {
            return Resolved.none(CLIENT_ID + " must be " + Identifiers.RULE + ", it is '" + clientId + "'");
        }
        if (userId != null && !Identifiers.isValid(userId)) {
            return Resolved.none(USER_ID + " must be " + Identifiers.RULE + ", it is '" + userId + "'");
        }
        Long items = BatchProgress.total(total);
        if (total != null && items == null) {
            return Resolved.none(TOTAL + " must be a whole number above 0, it is '" + total + "'");
        }
        return new Resolved(new BatchJob(jobId, clientId, userId, batchJobName, executionId, items), null);
    }

    private static String value(String name, Properties parameters, Properties jobProperties) {
        String value = parameters == null ? null : parameters.getProperty(name);
        if ((value == null || value.isBlank()) && jobProperties != null) {
            value = jobProperties.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A gateway job, or the reason (a sentence for the log) why the execution has none. */
    record Resolved(BatchJob job, String problem) {
        static Resolved none(String problem) {
            return new Resolved(null, problem);
        }
    }
}
