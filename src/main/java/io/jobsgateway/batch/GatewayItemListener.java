package io.jobsgateway.batch;

import jakarta.batch.api.chunk.listener.RetryProcessListener;
import jakarta.batch.api.chunk.listener.RetryReadListener;
import jakarta.batch.api.chunk.listener.RetryWriteListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * {@code <listener ref="jobsGatewayItemListener"/>} in a chunk step's {@code <listeners>}: counts the
 * items retried (after a {@code retryable-exception-classes} exception), which the step metrics do
 * not, for the {@code retried} of the job's events. Skips need no listener: the metrics count them.
 */
@Dependent // a bean-defining annotation: beans.xml discovers annotated beans only
@Named("jobsGatewayItemListener")
public class GatewayItemListener implements RetryReadListener, RetryProcessListener, RetryWriteListener {

    @Inject
    JobContext jobContext;
    @Inject
    BatchRuns runs;

    @Override
    public void onRetryReadException(Exception failure) {
        runs.of(jobContext).ifPresent(BatchRun::retried);
    }

    @Override
    public void onRetryProcessException(Object item, Exception failure) {
        runs.of(jobContext).ifPresent(BatchRun::retried);
    }

    @Override
    public void onRetryWriteException(List<Object> items, Exception failure) {
        runs.of(jobContext).ifPresent(BatchRun::retried);
    }
}
