package io.jobsgateway.it;

import io.jobsgateway.fixtures.GatewayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code mvn package} built, as Failsafe names it (system properties {@code jobs.war} and
 * {@code payara.microJar}), and the gateway nodes that the tests start from it themselves.
 */
public final class PackagedBuild {

    /**
     * The heap the Arquillian container gives its node too (arquillian.xml): plenty for the tests'
     * few connections, and two nodes, a browser and the build fit a small CI machine beside it.
     */
    private static final List<String> NODE_JVM_OPTIONS = List.of("-Xmx512m");

    private PackagedBuild() {
    }

    /** target/jobs-gateway.war. */
    public static Path war() {
        return file("jobs.war");
    }

    /**
     * A gateway node of the packaged Payara Micro, not started yet, deploying {@code war} with
     * {@code settings} as its environment; it logs to {@code <logDir>/<name>.log}.
     */
    public static GatewayServer node(String name, Path war, Map<String, String> settings, Path logDir)
            throws IOException {
        // Tests' nodes do not warm up before they report ready, unless a test asks for it.
        Map<String, String> environment = new java.util.HashMap<>(Map.of("JOBS_WARMUP_ENABLED", "false"));
        environment.putAll(settings);
        return new GatewayServer(name, file("payara.microJar"), war, NODE_JVM_OPTIONS, environment, logDir);
    }

    private static Path file(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("System property " + property + " must name a file of the packaged"
                    + " build, and it is " + value + ": run the tests through Maven (mvn verify), which packages"
                    + " first and whose Failsafe sets it");
        }
        return Path.of(value);
    }
}
