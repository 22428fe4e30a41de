package io.jobsgateway.batch;

import jakarta.batch.api.listener.StepListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;

/**
 * {@code <listener ref="jobsGatewayStepListener"/>} in a step's {@code <listeners>}: at the step's
 * end, a {@code job.progress} with its counts (for a batchlet step, the only one), and the step's
 * metrics and failure for the job's last event.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("jobsGatewayStepListener")
public class GatewayStepListener implements StepListener {

    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    BatchRuns runs;
    @Inject
    OutsideTransactions events;

    @Override
    public void beforeStep() {
        runs.of(jobContext).ifPresent(run -> run.totalHint(jobContext.getTransientUserData()));
    }

    @Override
    public void afterStep() {
        runs.of(jobContext).ifPresent(run -> {
            String step = stepContext.getStepName();
            ItemCounts counts = ItemCounts.of(stepContext.getMetrics());
            BatchStatus status = stepContext.getBatchStatus();
            Exception failure = stepContext.getException();
            run.totalHint(jobContext.getTransientUserData());
            // reported before the step's result joins the finished steps: the progress is the job's up to here
            Optional<BatchRun.Progress> progress = failure == null && status != BatchStatus.FAILED
                    ? run.progress(step, counts) : Optional.empty();
            run.stepEnded(step, status == null ? null : status.name(), stepContext.getExitStatus(), counts, failure);
            progress.ifPresent(p -> events.fire(BatchEvents.progress(run.job(), p, null)));
        });
    }
}
