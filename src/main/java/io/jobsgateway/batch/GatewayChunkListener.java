package io.jobsgateway.batch;

import jakarta.batch.api.chunk.listener.ChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * {@code <listener ref="jobsGatewayChunkListener"/>} in a chunk step's {@code <listeners>}: a
 * {@code job.progress} for every committed chunk, and one for a chunk that rolls back (a retry, or
 * the failure that ends the step).
 *
 * <p>A chunk's progress goes out as the next chunk begins (the step's last one with the step
 * listener's, at the step's end), not from {@code afterChunk}, which on JBatch sees the counts of the
 * chunk before ({@link io.jobsgateway.quirks.BatchListenerTiming}); at the next {@code beforeChunk}
 * both runtimes count what was committed.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("jobsGatewayChunkListener")
public class GatewayChunkListener implements ChunkListener {

    @Inject
    JobContext jobContext;
    @Inject
    StepContext stepContext;
    @Inject
    BatchRuns runs;
    @Inject
    OutsideTransactions events;

    @Override
    public void beforeChunk() {
        runs.of(jobContext).ifPresent(run -> {
            run.totalHint(jobContext.getTransientUserData());
            run.progress(stepContext.getStepName(), ItemCounts.of(stepContext.getMetrics()))
                    .ifPresent(progress -> events.fire(BatchEvents.progress(run.job(), progress, null)));
        });
    }

    @Override
    public void onError(Exception failure) {
        runs.of(jobContext).ifPresent(run -> {
            String step = stepContext.getStepName();
            run.failed(step, failure);
            BatchRun.Progress progress = run.standing(step, ItemCounts.of(stepContext.getMetrics()));
            events.fire(BatchEvents.progress(run.job(), progress, BatchEvents.describe(failure)));
        });
    }

    @Override
    public void afterChunk() {
        // reported at the next beforeChunk (see above)
    }
}
