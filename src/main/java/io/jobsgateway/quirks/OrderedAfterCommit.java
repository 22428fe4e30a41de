package io.jobsgateway.quirks;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs what a transaction publishes after it commits, never after a rollback, and at once when
 * there is no transaction; what one transaction publishes goes out in the order it was fired.
 *
 * <p>Why: the container's own {@code @Observes(during = AFTER_SUCCESS)} would not keep that
 * order: WildFly (Weld on Narayana) notifies one transaction's observers in reverse (each
 * {@code fire()} registers its own synchronization, run last-in first-out; CDI 4.0, section
 * 10.5 leaves the order of transactional observer notifications undefined), so a job's last
 * event came first and was refused for naming no owner.
 *
 * <p>Upstream: nothing reports the order across events; nearest is
 * <a href="https://github.com/jakartaee/cdi/issues/467">jakartaee/cdi#467</a>. Our reports:
 * src/docs/upstream-reports.md, section 4.
 */
@ApplicationScoped
public class OrderedAfterCommit {

    /** The key of this transaction's pending events in the registry's per-transaction resources. */
    private static final Object PENDING = OrderedAfterCommit.class;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Runs {@code action} after the current transaction commits, or now when there is none; never after a rollback. */
    public void run(Runnable action) {
        int status = transactions == null ? Status.STATUS_NO_TRANSACTION : transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            action.run();
            return;
        }
        if (status == Status.STATUS_MARKED_ROLLBACK || status == Status.STATUS_ROLLEDBACK
                || status == Status.STATUS_ROLLING_BACK) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Runnable> pending = (List<Runnable>) transactions.getResource(PENDING);
        if (pending == null) {
            List<Runnable> actions = new ArrayList<>();
            transactions.putResource(PENDING, actions);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing goes out before the outcome is known
                }

                @Override
                public void afterCompletion(int outcome) {
                    if (outcome == Status.STATUS_COMMITTED) {
                        actions.forEach(Runnable::run);
                    }
                }
            });
            pending = actions;
        }
        pending.add(action);
    }
}
