package io.jobsgateway.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@link Settings} from MicroProfile Config once for the whole application. */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    Settings settings() {
        var config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        return Settings.from(name -> config.getOptionalValue(name, String.class));
    }
}
