package io.jobsgateway.batch;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The batch executions that report to the gateway, by execution id: opened by the job listener's
 * {@code beforeJob} (or by the first other listener, for a job XML that names no job listener) and
 * closed by its {@code afterJob}. An execution without a gateway job (no owner, a bad id) is kept
 * as such, so that its listeners stay silent after the one warning that says why.
 */
@ApplicationScoped
class BatchRuns {

    private static final Logger LOG = Logger.getLogger(BatchRuns.class.getName());

    /** Executions of a job XML that names no job listener are never closed: keep only the latest. */
    private static final int MAX_OPEN = 1000;

    private final Map<Long, Optional<BatchRun>> open = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<BatchRun>> eldest) {
            return size() > MAX_OPEN;
        }
    };

    /** The run of this execution, opened if it is not yet; empty when the execution reports nothing. */
    synchronized Optional<BatchRun> of(JobContext job) {
        return open.computeIfAbsent(job.getExecutionId(), id -> resolve(job));
    }

    /** The run of this execution, closed: no listener of it reports after this. */
    synchronized Optional<BatchRun> close(JobContext job) {
        Optional<BatchRun> run = open.remove(job.getExecutionId());
        return run != null ? run : resolve(job);
    }

    private static Optional<BatchRun> resolve(JobContext job) {
        long execution = job.getExecutionId();
        BatchParameters.Resolved resolved = BatchParameters.resolve(job.getJobName(), execution,
                parametersOf(execution), job.getProperties());
        if (resolved.job() == null) {
            LOG.log(Level.WARNING, "Batch job {0}, execution {1}, reports no job events: {2}",
                    new Object[]{job.getJobName(), execution, resolved.problem()});
            return Optional.empty();
        }
        return Optional.of(new BatchRun(resolved.job()));
    }

    /** The execution's job parameters: a {@code JobContext} does not hold them, the job operator does. */
    private static Properties parametersOf(long execution) {
        try {
            return BatchRuntime.getJobOperator().getParameters(execution);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The job parameters of batch execution " + execution + " could not be read;"
                    + " only its job XML's properties name its gateway job", e);
            return null;
        }
    }
}
