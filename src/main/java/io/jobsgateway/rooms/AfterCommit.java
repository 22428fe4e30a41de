package io.jobsgateway.rooms;

import io.jobsgateway.events.JobEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Publishes a job event after the firer's JTA transaction commits, never after a rollback, and
 * at once when there is no transaction; the events of one transaction go out in the order they
 * were fired. The container's own {@code @Observes(during = AFTER_SUCCESS)} would not keep
 * that order: WildFly (Weld on Narayana) notifies one transaction's observers in reverse
 * (CDI 4.0, section 10.5: the order of transactional observer notifications is not defined),
 * so a job's last event came first and was refused for naming no owner.
 */
@ApplicationScoped
public class AfterCommit {

    /** The key of this transaction's pending events in the registry's per-transaction resources. */
    private static final Object PENDING = AfterCommit.class;

    @Resource
    TransactionSynchronizationRegistry transactions;

    void publish(JobEvent event, Consumer<JobEvent> publisher) {
        int status = transactions == null ? Status.STATUS_NO_TRANSACTION : transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            publisher.accept(event);
            return;
        }
        if (status == Status.STATUS_MARKED_ROLLBACK || status == Status.STATUS_ROLLEDBACK
                || status == Status.STATUS_ROLLING_BACK) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<JobEvent> pending = (List<JobEvent>) transactions.getResource(PENDING);
        if (pending == null) {
            List<JobEvent> events = new ArrayList<>();
            transactions.putResource(PENDING, events);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing goes out before the outcome is known
                }

                @Override
                public void afterCompletion(int outcome) {
                    if (outcome == Status.STATUS_COMMITTED) {
                        events.forEach(publisher);
                    }
                }
            });
            pending = events;
        }
        pending.add(event);
    }
}
