package io.jobsgateway.bench;

import io.jobsgateway.fixtures.GatewayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is benchmarked: {@code target/jobs-gateway.war} on {@code target/payara-micro.jar}, or on
 * the stock WildFly that {@code mvn -Pbench verify} unpacks ({@code -Dbench.server=wildfly}),
 * copied once at the start of the run to a temporary folder, so that a build or a
 * {@code mvn clean} in the same tree during a long run cannot change or remove what the nodes
 * start from. The copies are deleted at exit.
 */
final class Build {

    private static Path microJar;
    private static Path war;
    private static Path wildFlyHome; // null on Payara
    private static String description;

    private Build() {
    }

    /** The server of {@code -Dbench.server}: {@code payara} (the default) or {@code wildfly}. */
    static synchronized void chooseServer(Config config) {
        String server = config.string("server", "payara");
        switch (server) {
            case "payara" -> wildFlyHome = null;
            case "wildfly" -> {
                String home = config.string("launcher.wildflyHome", "");
                if (home.isBlank() || !Files.isExecutable(Path.of(home, "bin/standalone.sh"))) {
                    throw new IllegalStateException("-Dbench.server=wildfly needs an unpacked WildFly: run through"
                            + " `mvn -B -Pbench verify`, which unpacks one, or set -Dbench.launcher.wildflyHome (now '"
                            + home + "')");
                }
                wildFlyHome = Path.of(home);
            }
            default -> throw new IllegalArgumentException("-Dbench.server must be payara or wildfly, not '" + server + "'");
        }
    }

    /** A node of the chosen server, not started yet. */
    static GatewayServer node(String name, List<String> jvmOptions, Map<String, String> environment, Path logDir)
            throws IOException {
        return wildFlyHome == null ? new GatewayServer(name, microJar, war, jvmOptions, environment, logDir)
                : GatewayServer.onWildFly(name, wildFlyHome, war, jvmOptions, environment, logDir);
    }

    /** The server, as the report names it. */
    static String server() {
        return wildFlyHome == null ? "Payara Micro (target/payara-micro.jar)"
                : "WildFly " + wildFlyHome.getFileName().toString().replaceFirst("^wildfly-", "")
                        + " (stock, standalone-microprofile.xml)";
    }

    static synchronized void copy(Path projectDir) throws IOException {
        Path originalJar = projectDir.resolve("target/payara-micro.jar");
        Path originalWar = projectDir.resolve("target/jobs-gateway.war");
        for (Path file : List.of(originalJar, originalWar)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: build first (mvn -B -DskipTests package),"
                        + " or run the benchmark through `mvn -B -Pbench verify`, which does");
            }
        }
        Path dir = Files.createTempDirectory("jobs-gateway-bench");
        microJar = Files.copy(originalJar, dir.resolve("payara-micro.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        war = Files.copy(originalWar, dir.resolve("jobs-gateway.war"), StandardCopyOption.COPY_ATTRIBUTES);
        String commit = Proc.run(List.of("git", "-C", projectDir.toString(), "describe", "--always", "--dirty")).trim();
        description = "target/jobs-gateway.war of " + Instant.ofEpochMilli(originalWar.toFile().lastModified())
                + (commit.isEmpty() || commit.contains("fatal") ? "" : ", git " + commit) + " (run from a copy in " + dir + ")";
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Launcher.deleteTree(dir), "bench-delete-build-copy"));
    }

    static Path microJar() {
        return microJar;
    }

    static Path war() {
        return war;
    }

    static String description() {
        return description;
    }
}
