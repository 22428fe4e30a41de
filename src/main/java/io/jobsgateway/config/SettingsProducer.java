package io.jobsgateway.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
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

    private static final String REDISSON_CLASS = "org.redisson.api.RedissonClient";
    private static final String REDISSON_DEPENDENCY = "org.redisson:redisson:4.7.0";

    private Settings.Loaded loaded;

    @PostConstruct
    void read() {
        var config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        loaded = withoutUnreachableCluster(Settings.load(name -> config.getOptionalValue(name, String.class)));
        loaded.problems().forEach(LOG::severe);
    }

    /**
     * Cluster mode needs Redisson, which the WAR bundles but the library leaves to the host: a
     * host that asks for a cluster without it runs as a single node, says so, and stays DOWN.
     */
    static Settings.Loaded withoutUnreachableCluster(Settings.Loaded loaded) {
        if (!loaded.settings().redis().enabled() || redissonPresent()) {
            return loaded;
        }
        List<String> problems = new ArrayList<>(loaded.problems());
        problems.add("Setting " + Settings.REDIS_ADDRESS + " asks for cluster mode, but Redisson is not on the class path:"
                + " add the dependency " + REDISSON_DEPENDENCY + " to your application, or unset the setting to"
                + " run as a single node (as it does until then).");
        return new Settings.Loaded(loaded.settings().singleNode(), List.copyOf(problems));
    }

    private static boolean redissonPresent() {
        try {
            Class.forName(REDISSON_CLASS, false, SettingsProducer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
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
