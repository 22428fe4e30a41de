package io.jobsgateway.endpoint;

import io.jobsgateway.access.HandshakeConfigurator;
import io.jobsgateway.quirks.SharedEndpoint;

/** The handshake's checks ({@link HandshakeConfigurator}), and one {@link JobsEndpoint} for every connection. */
public class JobsEndpointConfigurator extends HandshakeConfigurator {

    private final SharedEndpoint<JobsEndpoint> endpoint =
            new SharedEndpoint<>(JobsEndpoint.class, () -> new JobsEndpoint(bean(Admission.class), bean(Requests.class)));

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        return endpoint.serves(type) ? type.cast(endpoint.get()) : super.getEndpointInstance(type);
    }
}
