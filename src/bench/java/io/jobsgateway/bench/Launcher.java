package io.jobsgateway.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code mvn -Pbench verify} runs inside Maven: it starts the load generator ({@link Bench})
 * in a JVM of its own, so that the generator's CPU, read from its own {@code /proc/self/stat}, is
 * its own and not Maven's, and its heap and GC are chosen here rather than by {@code MAVEN_OPTS}.
 * Every {@code -Dbench.*} property given to Maven is passed on. It answers the generator's exit
 * status, and a Ctrl+C of Maven stops the generator, which stops the servers it started.
 */
public final class Launcher {

    /** The generator's JVM options; {@code -Dbench.generator.jvm="..."} replaces them. */
    static final String GENERATOR_JVM = "-Xms512m -Xmx1g -XX:+UseParallelGC";

    public static void main(String[] args) throws Exception {
        String classes = System.getProperty("bench.launcher.classes");
        String projectDir = System.getProperty("bench.launcher.projectDir", ".");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : System.getProperty("bench.generator.jvm", GENERATOR_JVM).trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
            String name = property.getKey().toString();
            if (name.startsWith("bench.") && !name.equals("bench.generator.jvm")) {
                command.add("-D" + name + "=" + property.getValue());
            }
        }
        // A copy of the generator's classes, so that a `mvn clean` elsewhere during the run cannot take them away.
        Path copy = Files.createTempDirectory("jobs-gateway-bench-classes");
        copyTree(Path.of(classes), copy);
        command.add("-cp");
        command.add(copy.toString());
        command.add(Bench.class.getName());
        Process generator = new ProcessBuilder(command).directory(new File(projectDir)).inheritIO().start();
        Thread stopper = new Thread(() -> {
            if (generator.isAlive()) {
                generator.destroy(); // SIGTERM: the generator's own shutdown hook stops its servers
                try {
                    generator.waitFor(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                generator.destroyForcibly();
            }
        }, "bench-launcher-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int status = generator.waitFor();
        Runtime.getRuntime().removeShutdownHook(stopper);
        deleteTree(copy);
        if (status != 0) {
            throw new IllegalStateException("The benchmark failed (exit status " + status + "); see its output above");
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is no failure of the benchmark
        }
    }

    private Launcher() {
    }
}
