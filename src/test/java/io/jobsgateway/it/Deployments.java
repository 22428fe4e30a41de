package io.jobsgateway.it;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR under test, as {@code mvn package} built it, with the settings of one test deployment. */
final class Deployments {

    private Deployments() {
    }

    /**
     * The packaged WAR (system property {@code jobs.war}, set by Failsafe) with {@code settings}
     * as its MicroProfile Config file.
     */
    static WebArchive packagedWar(Map<String, String> settings) {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, PackagedBuild.war().toFile());
        war.addAsResource(new StringAsset(properties(settings)), "META-INF/microprofile-config.properties");
        // At context root / on WildFly, as users deploy it there, so that /health/ready is the WAR's own
        // (WildFly answers MicroProfile Health only on its management port). Payara Micro ignores the file.
        war.addAsWebInfResource(new StringAsset("<jboss-web><context-root>/</context-root></jboss-web>"),
                "jboss-web.xml");
        return war;
    }

    private static String properties(Map<String, String> settings) {
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
