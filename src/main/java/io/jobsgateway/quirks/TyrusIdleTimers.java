package io.jobsgateway.quirks;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Stops Payara's Tyrus from arming an idle timer per frame on sessions that have no idle
 * timeout (elsewhere, and where a timeout is set, it changes nothing).
 *
 * <p>Why: Tyrus re-arms a session's idle timer on every frame sent or received, even when the
 * timeout is 0, and on Payara it arms it on the default managed scheduler. Each schedule
 * captures the thread's context (two HK2 service lookups and a {@code ServiceLoader} search of
 * the WAR's jars), and with a timeout of 0 the timer then runs at once, on the scheduler's
 * thread, with that context set up again, only to find there is no timeout. In the fan-out
 * benchmark that was three quarters of the server's CPU: 180 µs per delivery.
 *
 * <p>The gateway needs no container idle timeout: its heartbeat closes a silent connection with
 * 4408. So a session whose timeout is 0 gets a scheduler that never runs what it is given, which
 * for such a session is what Tyrus's timer would have done. The field is private to Tyrus, so it
 * is set by reflection, and only when it is exactly what this was written for. The WebSocket
 * 2.1 {@code Session.setMaxIdleTimeout} Javadoc: zero or negative means the session never times out.
 *
 * <p>Upstream: fixed once as TYRUS-310
 * (<a href="https://github.com/eclipse-ee4j/tyrus/issues/487">eclipse-ee4j/tyrus#487</a>), back
 * since Tyrus PR 680; reported again in
 * <a href="https://github.com/eclipse-ee4j/tyrus/issues/787">eclipse-ee4j/tyrus#787</a> (open),
 * whose fix (PR 917) covers negative timeouts only and is not on the 2.1 line Payara 6 ships; on
 * Payara the same path is <a href="https://github.com/payara/Payara/issues/8385">payara/Payara#8385</a>.
 * Our reports, to file: src/docs/upstream-reports.md, section 1.
 */
public final class TyrusIdleTimers {

    private static final Logger LOG = Logger.getLogger(TyrusIdleTimers.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static final ScheduledExecutorService NEVER_RUNS = new NeverRuns();

    /** Tyrus's {@code TyrusSession.service}, looked up once per session class. */
    private static final ClassValue<Optional<Field>> SCHEDULER_FIELD = new ClassValue<>() {
        @Override
        protected Optional<Field> computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(TYRUS_SESSION)) {
                    try {
                        Field field = c.getDeclaredField("service");
                        if (field.getType() == ScheduledExecutorService.class) {
                            field.setAccessible(true);
                            return Optional.of(field);
                        }
                    } catch (NoSuchFieldException | RuntimeException e) {
                        LOG.fine(() -> "Tyrus's session has no scheduler field to set: " + e);
                    }
                }
            }
            return Optional.empty();
        }
    };

    private TyrusIdleTimers() {
    }

    /** True when the session's idle timer no longer goes through the container's scheduler. */
    public static boolean disableWhenUnused(Session session) {
        return disableWhenUnused(session, session.getMaxIdleTimeout());
    }

    static boolean disableWhenUnused(Object session, long maxIdleTimeout) {
        Optional<Field> service = SCHEDULER_FIELD.get(session.getClass());
        if (service.isEmpty() || maxIdleTimeout > 0) {
            return false;
        }
        try {
            service.get().set(session, NEVER_RUNS);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            LOG.fine(() -> "Tyrus's idle timers stay on the managed scheduler: " + e);
            return false;
        }
    }

    /** Takes every task and runs none: each is answered with a future already cancelled. */
    private static final class NeverRuns extends AbstractExecutorService implements ScheduledExecutorService {

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return Cancelled.FUTURE;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return (ScheduledFuture<V>) Cancelled.FUTURE;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return Cancelled.FUTURE;
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return Cancelled.FUTURE;
        }

        @Override
        public void execute(Runnable command) {
            throw new RejectedExecutionException("idle timers of sessions without an idle timeout are not run");
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    private static final class Cancelled implements ScheduledFuture<Object> {
        static final Cancelled FUTURE = new Cancelled();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new CancellationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new CancellationException();
        }
    }
}
