package io.jobsgateway.delivery;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Broadcast;
import io.jobsgateway.api.ConnectionClosed;
import io.jobsgateway.api.ConnectionOpened;
import io.jobsgateway.api.Timestamps;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connections of this node, whatever their transport, and the messages that go to
 * connections rather than rooms ({@link Broadcast}), handed out through the lanes like job events.
 */
@ApplicationScoped
public class OpenConnections {

    private final ConcurrentHashMap<String, Connection> open = new ConcurrentHashMap<>();

    @Inject
    Lanes lanes;
    @Inject
    WireFormat wire;
    @Inject
    Event<ConnectionOpened> opened;
    @Inject
    Event<ConnectionClosed> closed;

    /** Makes an accepted connection visible to broadcasts and heartbeats, and tells the application. */
    public void add(Connection connection) {
        open.put(connection.id(), connection);
        Identity who = connection.identity();
        opened.fireAsync(new ConnectionOpened(connection.id(), who.clientId(), who.userId()));
    }

    /** Forgets a connection; true only for the call that removed it, so closing is done once. */
    public boolean remove(Connection connection) {
        if (!open.remove(connection.id(), connection)) {
            return false;
        }
        Identity who = connection.identity();
        closed.fireAsync(new ConnectionClosed(connection.id(), who.clientId(), who.userId()));
        return true;
    }

    public Collection<Connection> all() {
        return open.values();
    }

    /** Sends a broadcast to every connection it reaches, on their lanes: the caller never waits for the writes. */
    public void broadcast(Broadcast broadcast) {
        List<Connection> receivers = new ArrayList<>();
        for (Connection connection : open.values()) {
            Identity who = connection.identity();
            if (broadcast.reaches(who.clientId(), who.userId())) {
                receivers.add(connection);
            }
        }
        if (!receivers.isEmpty()) {
            lanes.send(wire.toJson(new Messages.UserMessage(broadcast.event(), broadcast.data(),
                    Timestamps.format(broadcast.timestamp()))), receivers);
        }
    }
}
