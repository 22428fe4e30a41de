package io.jobsgateway.quirks;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Payara logs a request whose URL is not valid percent-encoding ({@code /api/jobs/%zz/events})
 * as SEVERE with a 30-line stack trace, from Grizzly's URL decoder before any filter of ours
 * runs, and answers it 200 with an empty body. A scanner's run fills the log with them. While
 * the gateway is deployed, these records (and only these) go down to FINE without their stack
 * trace; the wrong status is Payara's to fix.
 *
 * <p>Upstream: <a href="https://github.com/payara/Payara/issues/8000">payara/Payara#8000</a>
 * (the same with {@code %%3}, answered 500 there). Our note: src/docs/upstream-reports.md, section 12.
 */
@ApplicationScoped
class MalformedUrlLogFilter {

    static final String CONTAINER_LOGGER = "jakarta.enterprise.web.core";
    private static final String DECODER_MESSAGE = "URLDecoder: Illegal hex characters";

    private final Logger container = Logger.getLogger(CONTAINER_LOGGER);
    private Filter previous;
    private Filter installed;

    synchronized void install(@Observes Startup startup) {
        if (installed == null) {
            previous = container.getFilter();
            Filter before = previous;
            installed = record -> quiet(record) && (before == null || before.isLoggable(record));
            container.setFilter(installed);
        }
    }

    /** Lets every record through, the malformed-URL ones lowered; true to log it. */
    static boolean quiet(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown instanceof IllegalArgumentException && thrown.getMessage() != null
                && thrown.getMessage().startsWith(DECODER_MESSAGE)) {
            record.setLevel(Level.FINE);
            record.setMessage("A request's URL is not valid percent-encoding (payara/Payara#8000): " + thrown.getMessage());
            record.setParameters(null);
            record.setThrown(null);
        }
        return true;
    }

    /** Leaves the container's logger as it was: a filter of ours must not outlive the deployment's class loader. */
    @PreDestroy
    synchronized void uninstall() {
        if (installed != null && container.getFilter() == installed) {
            container.setFilter(previous);
        }
        installed = null;
    }
}
