package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.ConfiguratorBeans;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates a WebSocket once, at the handshake: a disallowed {@code Origin} is refused with
 * HTTP 403; otherwise the checked {@link Identity} (or none) goes into the connection's user
 * properties, and the endpoint closes a connection without one with 4401. The identity comes
 * from an API key, else from a single-use ticket ({@code ?ticket=T}, {@link Tickets}), else from
 * the user logged in through container security ({@link LoginIdentities}).
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
        Optional<String> key = PresentedKey.find(request.getHeaders(), request.getParameterMap());
        List<String> ticket = request.getParameterMap().get("ticket");
        Optional<Identity> identity;
        if (key.isPresent()) {
            identity = key.flatMap(bean(ApiKeys.class)::authenticate);
        } else if (ticket != null && !ticket.isEmpty()) {
            try {
                identity = bean(Tickets.class).redeem(ticket.get(0));
            } catch (RuntimeException e) { // the cluster's store cannot answer now: the endpoint closes with 1013
                config.getUserProperties().put(UNAVAILABLE, Boolean.TRUE);
                identity = Optional.empty();
            }
        } else {
            identity = login(request);
        }
        identity.ifPresent(who -> config.getUserProperties().put(IDENTITY, who));
    }

    /** Whether the handshake could not check its ticket because the cluster's store was unreachable. */
    public static boolean unavailable(Map<String, Object> userProperties) {
        return userProperties.containsKey(UNAVAILABLE);
    }

    /**
     * The logged-in user, if any. A login rides on the browser's cookies, which any site can
     * make a browser send (cross-site WebSocket hijacking): unless {@code jobs.allowed-origins}
     * names the origins, a login is accepted only from the gateway's own origin.
     */
    private Optional<Identity> login(HandshakeRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return Optional.empty();
        }
        Settings settings = bean(Settings.class);
        Optional<String> origin = PresentedKey.header(request.getHeaders(), "Origin");
        if (settings.allowedOrigins().contains("*") && origin.isPresent()
                && !sameOrigin(origin.get(), PresentedKey.header(request.getHeaders(), "Host").orElse(""))) {
            return Optional.empty();
        }
        return bean(LoginIdentities.class).identify(principal);
    }

    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = new URI(origin);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** An application bean, looked up once: Tyrus and Undertow create configurators themselves, outside CDI. */
    protected <T> T bean(Class<T> type) {
        return beans.get(type);
    }
}
