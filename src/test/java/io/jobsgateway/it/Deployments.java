package io.jobsgateway.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WARs under test, as {@code mvn package} (the gateway) and the invoker run (host
 * applications) built them, with the settings of one test deployment.
 */
final class Deployments {

    private static final String CONFIG_IN_WAR = "/WEB-INF/classes/META-INF/microprofile-config.properties";

    static final String WARM_UP = "jobs.warmup.enabled";

    private Deployments() {
    }

    /**
     * The packaged WAR (system property {@code jobs.war}, set by Failsafe) with {@code settings}
     * added to its MicroProfile Config file, as a user's own config source adds them to what the
     * WAR brings.
     */
    static WebArchive packagedWar(Map<String, String> settings) {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, PackagedBuild.war().toFile());
        Properties config = new Properties();
        Node own = war.delete(CONFIG_IN_WAR);
        if (own != null) {
            try (InputStream in = own.getAsset().openStream()) {
                config.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The WAR warms up before it reports ready; a test deployment does not wait for that (WarmUpIT does).
        config.put(WARM_UP, "false");
        config.putAll(settings);
        war.add(new StringAsset(properties(config)), CONFIG_IN_WAR);
        // At context root / on WildFly, as users deploy it there, so that /health/ready is the WAR's own
        // (WildFly answers MicroProfile Health only on its management port). Payara Micro ignores the file.
        war.addAsWebInfResource(new StringAsset("<jboss-web><context-root>/</context-root></jboss-web>"),
                "jboss-web.xml");
        return war;
    }

    /**
     * A host application's WAR as its own Maven build made it against the installed library
     * (system property {@code property}, set by Failsafe to what maven-invoker-plugin built from
     * {@code src/it}), deployed as {@code name} with nothing changed but {@code settings} as its
     * MicroProfile Config file.
     */
    static WebArchive hostWar(String property, String name, Map<String, String> settings) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("System property " + property + " must name a host WAR that the"
                    + " invoker run of 'mvn verify' built from src/it before the ITs; it is " + path);
        }
        WebArchive war = ShrinkWrap.create(ZipImporter.class, name).importFrom(new File(path)).as(WebArchive.class);
        war.addAsResource(new StringAsset(properties(settings)), "META-INF/microprofile-config.properties");
        return war;
    }

    /** The names of the jars in a WAR's {@code WEB-INF/lib}, sorted. */
    static List<String> libraries(WebArchive war) {
        return war.getContent(Filters.include("/WEB-INF/lib/[^/]+\\.jar")).keySet().stream()
                .map(path -> path.get().substring("/WEB-INF/lib/".length()))
                .sorted()
                .toList();
    }

    private static String properties(Map<?, ?> settings) {
        Properties properties = new Properties();
        properties.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "settings of this test deployment");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
