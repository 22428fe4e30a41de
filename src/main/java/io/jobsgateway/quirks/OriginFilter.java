package io.jobsgateway.quirks;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a WebSocket handshake from a disallowed {@code Origin} with HTTP 403 on every server.
 *
 * <p>Why: a {@code Configurator} whose {@code checkOrigin} says no gets 403 from Tyrus (Payara)
 * but 404 from Undertow (WildFly); WebSocket 2.1, section 4.1.1.1
 * and RFC 6455, section 4.2.2 call for 403. A filter on the endpoint's path runs before the
 * upgrade on both, so it answers first. The rule itself is the subclass's.
 *
 * <p>Upstream: no Undertow report existed; Tyrus fixed the same in
 * <a href="https://github.com/eclipse-ee4j/tyrus/issues/386">eclipse-ee4j/tyrus#386</a>. Our
 * report: src/docs/upstream-reports.md, section 5.
 */
public abstract class OriginFilter extends HttpFilter {

    /** Whether a handshake with this {@code Origin} header (null when absent) may go on. */
    protected abstract boolean allowed(String origin);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!allowed(request.getHeader("Origin"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
