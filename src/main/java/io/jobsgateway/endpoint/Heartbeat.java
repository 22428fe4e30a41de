package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.OpenConnections;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.rooms.Entrance;
import io.jobsgateway.config.Settings;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** From start-up on, pings every connection each {@code jobs.heartbeat.interval-ms}; closes with 4408 one silent past the timeout. */
@ApplicationScoped
class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    @Inject
    Settings settings;
    @Inject
    OpenConnections connections;
    @Inject
    Entrance entrance;
    @Inject
    WireFormat wire;
    @Resource
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor ticker;

    /**
     * Ticks on a thread of its own: the server's shared scheduler may have a single thread, and
     * nothing else (a Redis call waiting out a timeout, say) may delay the pings that keep every
     * connection alive.
     */
    synchronized void start(@Observes Startup startup) {
        if (ticker == null) {
            // Ticks finer than both periods, so pings and timeouts are late by a quarter at most.
            long tick = Math.max(10, Math.min(1000,
                    Math.min(settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs()) / 4));
            ticker = new ScheduledThreadPoolExecutor(1, threads);
            ticker.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    void tick() {
        try {
            long now = System.nanoTime();
            long interval = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs());
            long timeout = TimeUnit.MILLISECONDS.toNanos(settings.heartbeatTimeoutMs());
            String ping = null;
            for (Connection connection : connections.all()) {
                long closeAsked = connection.closeRequestedNanos();
                if (closeAsked != 0) {
                    if (now - closeAsked >= timeout) {
                        // asked to close a timeout ago, never reported closed: counted with the code it was asked
                        entrance.forget(connection, 1006, "the close was never reported");
                    }
                } else if (connection.isDraining()) {
                    if (now - connection.drainingSinceNanos() >= timeout) {
                        CloseCodes.TRY_AGAIN_LATER.close(connection); // it never read what waited
                    }
                } else if (now - connection.lastSeenNanos() >= timeout) {
                    CloseCodes.HEARTBEAT_TIMEOUT.close(connection);
                } else if (now - connection.lastPingNanos() >= interval) {
                    if (ping == null) {
                        ping = wire.toJson(new Messages.Ping(Timestamps.format(Instant.now())));
                    }
                    connection.send(ping);
                    connection.pinged(now);
                }
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep ticking
            LOG.log(Level.WARNING, "Heartbeat tick failed", e);
        }
    }
}
