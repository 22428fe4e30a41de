package io.jobsgateway.quirks;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a refused WebSocket a moment after {@code @OnOpen} returns, not inside it.
 *
 * <p>Why: closing while Payara is still completing the servlet upgrade on the request thread
 * (inside {@code @OnOpen}, or from another thread at the same time) now and then recycled the
 * pooled request under it: an NPE in {@code TyrusServletUpgrade} or in Grizzly's request
 * parsing, and an unrelated HTTP request or handshake then answered 500 or 301. The delay lets
 * the upgrade finish first. WebSocket 2.1, section 2.1.1 allows closing in {@code @OnOpen}, so
 * this is the container's bug; on other servers the delay is harmless.
 *
 * <p>Upstream: the same race, closed from an idle timeout, is
 * <a href="https://github.com/payara/Payara/issues/5432">payara/Payara#5432</a> (open); in
 * {@code @OnOpen} on GlassFish 4 it was
 * <a href="https://github.com/eclipse-ee4j/tyrus/issues/389">eclipse-ee4j/tyrus#389</a>. Our
 * report for this trigger: src/docs/upstream-reports.md, section 3.
 */
public final class RefusalAfterUpgrade {

    static final long DELAY_MILLIS = 100;

    private RefusalAfterUpgrade() {
    }

    public static void closeSoon(ScheduledExecutorService scheduler, Runnable close) {
        scheduler.schedule(close, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
}
