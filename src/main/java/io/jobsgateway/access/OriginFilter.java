package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a WebSocket handshake from an {@code Origin} not in {@code jobs.allowed-origins} with
 * HTTP 403, as the contract says, on every server: a {@code Configurator} whose
 * {@code checkOrigin} says no gets 403 from Tyrus (Payara) but 404 from Undertow (WildFly),
 * and a filter on the endpoint's path runs before the upgrade on both.
 */
@WebFilter("/jobs")
public class OriginFilter extends HttpFilter {

    @Inject
    Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!settings.originAllowed(request.getHeader("Origin"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
