package io.jobsgateway.demo;

import io.jobsgateway.batch.BatchParameters;
import io.jobsgateway.config.Settings;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The demo's Jakarta Batch job, {@code META-INF/batch-jobs/demo-csv-import.xml}: a CSV import
 * ({@link CsvRowReader}, {@link CsvRowProcessor}, {@link CsvRowWriter}) with one bad row, which it
 * skips, and one that fails once, which it retries. It fires no event itself: the gateway's batch
 * listeners, which its job XML names, report it.
 */
@ApplicationScoped
class DemoBatchJobs {

    static final String JOB_XML = "demo-csv-import";
    static final int ROWS = 2000;
    static final int MIN_ROWS = 10;
    static final int MAX_ROWS = 20_000;

    @Inject
    Settings settings;

    /**
     * Starts an import of {@code rows} rows for the client and answers its gateway job id. Empty
     * when {@code jobs.demo.max-running-jobs} imports run already on this node (counted apart from
     * the demo jobs): the endpoint is open to every publish key. Synchronized so that two starts
     * never both see the last free place.
     */
    synchronized Optional<String> start(String clientId, String userId, int rows) {
        JobOperator operator = BatchRuntime.getJobOperator();
        if (running(operator) >= settings.bounds().demoMaxRunningJobs()) {
            return Optional.empty();
        }
        String jobId = "demo-batch-" + UUID.randomUUID().toString().substring(0, 13);
        Properties parameters = new Properties();
        parameters.setProperty(BatchParameters.JOB_ID, jobId);
        parameters.setProperty(BatchParameters.CLIENT_ID, clientId);
        if (userId != null) {
            parameters.setProperty(BatchParameters.USER_ID, userId);
        }
        parameters.setProperty(CsvRowReader.ROWS, String.valueOf(rows));
        operator.start(JOB_XML, parameters);
        return Optional.of(jobId);
    }

    private static int running(JobOperator operator) {
        try {
            return operator.getRunningExecutions(JOB_XML).size();
        } catch (NoSuchJobException e) {
            return 0; // JBatch's answer before the job's first execution
        }
    }
}
