package io.jobsgateway.it.server;

import io.jobsgateway.api.JobEvent;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A host application's EJB, deployed only with the integration tests: it fires job events
 * the way the gateway's users do, inside and outside JTA transactions.
 */
@Stateless
public class TestJobs {

    @Inject
    Event<JobEvent> jobEvents;

    @Resource
    SessionContext context;

    /**
     * Fires {@code job.created} in this method's transaction, then keeps the transaction open
     * for {@code holdMillis} before it commits: the event must not go out before that.
     */
    public void createAndCommit(String jobId, String clientId, long holdMillis) {
        jobEvents.fire(JobEvent.created(jobId).ownedBy(clientId));
        if (holdMillis > 0) {
            try {
                Thread.sleep(holdMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Fires {@code job.created} in this method's transaction, which then rolls back. */
    public void createAndRollBack(String jobId, String clientId) {
        jobEvents.fire(JobEvent.created(jobId).ownedBy(clientId));
        context.setRollbackOnly();
    }

    /**
     * Fires {@code count} {@code job.updated} events in a loop, outside any transaction. Each
     * carries {@code data.n} (1 to count) and, when {@code padChars} is positive, a string
     * {@code data.pad} of that many characters. The first carries the owner.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void burst(String jobId, String clientId, String userId, int count, int padChars, long pauseMillis) {
        String pad = "x".repeat(Math.max(0, padChars));
        for (int n = 1; n <= count; n++) {
            Map<String, Object> data = padChars > 0 ? Map.of("n", n, "pad", pad) : Map.of("n", n);
            JobEvent event = JobEvent.updated(jobId, "processing", data);
            if (n == 1) {
                event = event.ownedBy(clientId);
            }
            if (userId != null) {
                event = event.forUser(userId);
            }
            jobEvents.fire(event);
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
