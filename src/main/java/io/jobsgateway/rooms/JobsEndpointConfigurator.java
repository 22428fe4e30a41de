package io.jobsgateway.rooms;

import io.jobsgateway.access.HandshakeConfigurator;

/**
 * The handshake's checks ({@link HandshakeConfigurator}), and one {@link JobsEndpoint} for every
 * connection. The endpoint holds no state; left to itself, Tyrus builds and injects a new one
 * per connection through CDI, whatever its scope, which was a fifth of a handshake's CPU.
 */
public class JobsEndpointConfigurator extends HandshakeConfigurator {

    private volatile JobsEndpoint endpoint;

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type != JobsEndpoint.class) {
            return super.getEndpointInstance(type);
        }
        JobsEndpoint shared = endpoint;
        if (shared == null) { // two first handshakes at once may each make one: harmless, both work
            shared = new JobsEndpoint(bean(Connections.class), bean(Requests.class));
            endpoint = shared;
        }
        return type.cast(shared);
    }
}
