package io.jobsgateway.demo;

import io.jobsgateway.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The demo page at {@code /} and the Faces example page (which takes a key in its URL) exist
 * only while {@code jobs.demo.enabled}: otherwise 404, as for {@code POST /api/demo/jobs}. Only in the standalone WAR; the library serves no page.
 */
@WebFilter(urlPatterns = {"", "/index.html", "/demo/*", "/jsf-example.xhtml"}, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD})
public class DemoPageFilter extends HttpFilter {

    @Inject
    Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!settings.demoEnabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "The demo is off: set jobs.demo.enabled=true");
            return;
        }
        chain.doFilter(request, response);
    }
}
