package io.jobsgateway.quirks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.tyrus.core.TyrusSession;
import org.junit.jupiter.api.Test;

class TyrusIdleTimersTest {

    @Test
    void aTyrusSessionWithoutIdleTimeoutGetsASchedulerThatRunsNothing() throws Exception {
        TyrusSession session = new TyrusSession();
        ScheduledExecutorService managed = session.service();

        assertTrue(TyrusIdleTimers.disableWhenUnused(session, 0));

        AtomicBoolean ran = new AtomicBoolean();
        ScheduledFuture<?> timer = session.service().schedule(() -> ran.set(true), 0, TimeUnit.MILLISECONDS);
        Thread.sleep(50);
        assertFalse(ran.get());
        assertTrue(timer.isCancelled() && timer.isDone());
        managed.shutdownNow();
    }

    @Test
    void aSessionWithAnIdleTimeoutKeepsItsScheduler() {
        TyrusSession session = new TyrusSession();
        ScheduledExecutorService managed = session.service();

        assertFalse(TyrusIdleTimers.disableWhenUnused(session, 30_000));
        assertSame(managed, session.service());
        managed.shutdownNow();
    }

    @Test
    void anotherContainersSessionIsLeftAlone() {
        assertFalse(TyrusIdleTimers.disableWhenUnused(new Object(), 0));
    }
}
