package io.jobsgateway.opspage;

import io.jobsgateway.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Declares the role of {@code jobs.ops.role} to the container: {@code isUserInRole} answers
 * false for a role the application never declared, whatever groups the login has (Servlet 6.0,
 * section 13.3), and an annotation cannot name a role that is a setting. A listener may declare
 * roles only while the context starts ({@code ServletContext.declareRoles}).
 */
@WebListener
public class OpsRole implements ServletContextListener {

    @Inject
    Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent started) {
        settings.operations().opsRole().ifPresent(role -> started.getServletContext().declareRoles(role));
    }
}
