package io.jobsgateway.history;

import io.jobsgateway.api.JobEvent;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.quirks.OrderedAfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Where every {@link JobEvent} fired in the application enters the gateway: it goes to the job
 * log after the firer's transaction commits, in firing order, at once when there is none, and
 * never after a rollback.
 */
@ApplicationScoped
class Publishing {

    @Inject
    JobLog jobLog;
    @Inject
    OrderedAfterCommit afterCommit;
    @Inject
    GatewayMetrics metrics;

    void publish(@Observes JobEvent event) {
        afterCommit.run(() -> {
            metrics.published(GatewayMetrics.Source.CDI);
            jobLog.submit(event);
        });
    }
}
