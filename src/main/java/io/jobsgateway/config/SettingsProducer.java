package io.jobsgateway.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads {@link Settings} from MicroProfile Config once for the whole application. A wrong
 * value does not fail the deployment under a stack trace: it is logged as one line naming the
 * setting, the default is used, and readiness stays DOWN with the same words until it is fixed.
 */
@ApplicationScoped
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

    private Settings.Loaded loaded;

    @PostConstruct
    void read() {
        var config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        loaded = Settings.load(name -> config.getOptionalValue(name, String.class));
        loaded.problems().forEach(LOG::severe);
    }

    @Produces
    @Singleton
    Settings settings() {
        return loaded.settings();
    }

    /** What is wrong with the configuration; empty when nothing is. */
    public List<String> problems() {
        return loaded.problems();
    }
}
