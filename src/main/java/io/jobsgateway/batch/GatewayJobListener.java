package io.jobsgateway.batch;

import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code <listener ref="jobsGatewayJobListener"/>} in a job XML's {@code <listeners>}:
 * {@code job.created} and {@code job.started} as the execution starts, and as it ends
 * {@code job.completed} with its exit status and metrics, or {@code job.failed} with the failure,
 * also when it was stopped ({@link BatchFailures}).
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("jobsGatewayJobListener")
public class GatewayJobListener implements JobListener {

    @Inject
    JobContext jobContext;
    @Inject
    BatchRuns runs;
    @Inject
    OutsideTransactions events;

    @Override
    public void beforeJob() {
        runs.of(jobContext).ifPresent(run -> {
            events.fire(BatchEvents.created(run.job()));
            events.fire(BatchEvents.started(run.job()));
        });
    }

    @Override
    public void afterJob() {
        runs.close(jobContext).ifPresent(run -> events.fire(BatchEvents.ended(run.job(), jobContext.getBatchStatus(),
                jobContext.getExitStatus(), run.summary())));
    }
}
