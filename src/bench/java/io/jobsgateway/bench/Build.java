package io.jobsgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * What is benchmarked: {@code target/payara-micro.jar} and {@code target/jobs-gateway.war}, copied
 * once at the start of the run to a temporary folder, so that a build or a {@code mvn clean} in
 * the same tree during a long run cannot change or remove what the nodes start from. The copies
 * are deleted at exit.
 */
final class Build {

    private static Path microJar;
    private static Path war;
    private static String description;

    private Build() {
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
