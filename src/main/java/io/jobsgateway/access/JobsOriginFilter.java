package io.jobsgateway.access;

import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.OriginFilter;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebFilter;

/** {@code jobs.allowed-origins} for the handshake of {@code /jobs}, answered 403 before the upgrade. */
@WebFilter("/jobs")
public class JobsOriginFilter extends OriginFilter {

    @Inject
    Settings settings;

    @Override
    protected boolean allowed(String origin) {
        return settings.originAllowed(origin);
    }
}
