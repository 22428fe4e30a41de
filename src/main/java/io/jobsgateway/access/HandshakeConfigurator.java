package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.ConfiguratorBeans;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates a WebSocket once, at the handshake: a disallowed {@code Origin} is refused with
 * HTTP 403; otherwise the checked {@link Identity} (or none) goes into the connection's user
 * properties, and the endpoint closes a connection without one with 4401 ({@link Authentication}).
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private static final String IDENTITY = Identity.class.getName();
    private static final String UNAVAILABLE = HandshakeConfigurator.class.getName() + ".unavailable";

    private final ConfiguratorBeans beans = new ConfiguratorBeans();

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
        config.getUserProperties().remove(UNAVAILABLE);
        try {
            bean(Authentication.class)
                    .identify(request.getHeaders(), request.getParameterMap(), request.getUserPrincipal(), true)
                    .ifPresent(who -> config.getUserProperties().put(IDENTITY, who));
        } catch (Authentication.TicketsUnavailable e) { // the endpoint closes with 1013
            config.getUserProperties().put(UNAVAILABLE, Boolean.TRUE);
        }
    }

    /** Whether the handshake could not check its ticket because the cluster's store was unreachable. */
    public static boolean unavailable(Map<String, Object> userProperties) {
        return userProperties.containsKey(UNAVAILABLE);
    }

    /** An application bean, looked up once: Tyrus and Undertow create configurators themselves, outside CDI. */
    protected <T> T bean(Class<T> type) {
        return beans.get(type);
    }
}
