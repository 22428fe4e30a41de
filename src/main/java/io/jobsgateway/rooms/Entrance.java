package io.jobsgateway.rooms;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.cluster.ConnectionLimits;
import io.jobsgateway.config.Settings;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.OpenConnections;
import io.jobsgateway.delivery.Transport;
import io.jobsgateway.ops.ConnectionLog;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Lets a connection in, on any transport, counted against its key's limit across the cluster
 * ({@code jobs.max-connections-per-key}), and lets it out again: each transport only says how
 * it refuses and when its connection ended.
 */
@ApplicationScoped
public class Entrance {

    @Inject
    Settings settings;
    @Inject
    ConnectionLimits limits;
    @Inject
    OpenConnections connections;
    @Inject
    Rooms rooms;
    @Inject
    WireFormat wire;
    @Inject
    GatewayMetrics metrics;
    @Inject
    ConnectionLog log;

    /** A connection id counted against the key of {@code who}; empty when the key is at its limit. */
    public Optional<String> reserve(Identity who) throws ClusterUnavailableException {
        String id = UUID.randomUUID().toString();
        return limits.tryAcquire(who, id) ? Optional.of(id) : Optional.empty();
    }

    /**
     * The connection of a {@link #reserve reserved} id, its {@code connected} message queued
     * first, then made visible to broadcasts and heartbeats.
     */
    public Connection open(String id, Identity who, Transport transport) {
        Connection connection = new Connection(id, who, transport, settings.maxQueuedMessages(),
                settings.bounds().maxQueuedBytes(), settings.maxSubscriptions(), System.nanoTime(), metrics.deliveries());
        connection.send(wire.toJson(new Messages.Connected(id, who.clientId(), who.userId(),
                settings.heartbeatIntervalMs(), settings.heartbeatTimeoutMs(), Timestamps.format(Instant.now()))));
        connections.add(connection);
        metrics.opened(transport.name());
        return connection;
    }

    /** A connection of {@code transport} refused before it opened, with {@code code}: counted and logged. */
    public void refused(String transport, Identity who, int code, String reason) {
        metrics.closed(null, code);
        log.refused(transport, who == null ? null : who.keyId(), code, reason);
    }

    /**
     * Leaves the connection's rooms and stops counting it against its key, once. Also for a
     * connection whose close its transport never reported (a client that reset its TCP
     * connection as the upgrade completed): without it, its key's slot stayed taken for good.
     * The close is counted and logged with the code the gateway closed it with, if it did,
     * else with {@code code} and {@code reason}, as the transport saw the end.
     */
    public void forget(Connection connection, int code, String reason) {
        if (connections.remove(connection)) {
            rooms.leaveAll(connection);
            limits.release(connection.identity(), connection.id());
            boolean byServer = connection.closeCode() > 0;
            int closedWith = byServer ? connection.closeCode() : code;
            metrics.closed(connection.transport(), closedWith);
            log.closed(connection.id(), connection.identity().keyId(), connection.transport(), closedWith,
                    byServer ? connection.closeReason() : reason, byServer);
        }
    }
}
