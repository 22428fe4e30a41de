package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates a WebSocket once, at the handshake: a disallowed {@code Origin} is refused with
 * HTTP 403; otherwise the checked {@link Identity} (or none) goes into the connection's user
 * properties, and the endpoint closes a connection without one with 4401.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private static final String IDENTITY = Identity.class.getName();

    /** The identity the handshake checked, if the key was valid. */
    public static Optional<Identity> identity(Map<String, Object> userProperties) {
        return Optional.ofNullable((Identity) userProperties.get(IDENTITY));
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return bean(Settings.class).originAllowed(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // In WebSocket 2.1 these user properties belong to this one connection.
        config.getUserProperties().remove(IDENTITY);
        PresentedKey.find(request.getHeaders(), request.getParameterMap())
                .flatMap(bean(ApiKeys.class)::authenticate)
                .ifPresent(identity -> config.getUserProperties().put(IDENTITY, identity));
    }

    // Tyrus and Undertow create configurators themselves, outside CDI.
    private static <T> T bean(Class<T> type) {
        return CDI.current().select(type).get();
    }
}
