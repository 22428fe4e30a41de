package io.jobsgateway.batch;

import io.jobsgateway.api.JobEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the batch listeners' events with the caller's transaction suspended. A chunk listener runs
 * inside the chunk's transaction, and a job event fired in a transaction waits for its commit and
 * is dropped by a rollback: a progress would wait for the chunk's end, and the one that reports a
 * chunk rolling back would never go out. Suspended, each goes out at once, in firing order.
 */
@ApplicationScoped
class OutsideTransactions {

    private static final Logger LOG = Logger.getLogger(OutsideTransactions.class.getName());

    @Inject
    Event<JobEvent> events;

    /** Fires {@code event} now; never throws, so that reporting never fails the batch job. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void fire(JobEvent event) {
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The " + event.type().wireName() + " of batch job " + event.jobId()
                    + " was not published; the job goes on", e);
        }
    }
}
