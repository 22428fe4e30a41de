package io.jobsgateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser client as its npm users get it: src/main/client packed with {@code npm pack}, then
 * installed from the tarball into a project of its own (a copy of src/test/client, which pins the
 * TypeScript and esbuild it checks with), where {@code node --test package.test.mjs} imports it by
 * name as an ES module, runs its jobs-client.js as a classic script, bundles it with esbuild and
 * type-checks its declarations with tsc. Needs Node.js 18 or later with npm, and the npm registry
 * for TypeScript and esbuild (or npm's cache); without them it fails and says so.
 */
class ClientPackageIT {

    private static final Path PACKAGE = Path.of("src/main/client").toAbsolutePath();
    private static final Path CONSUMER = Path.of("src/test/client").toAbsolutePath();
    private static final Path WORK = Path.of("target/client-package").toAbsolutePath();
    private static final Duration NPM = Duration.ofMinutes(5);
    private static final int OLDEST_NODE = 18;

    private static JsonObject packed;
    private static Path consumer;

    @BeforeAll
    static void packAndInstall() throws IOException {
        requireNode();
        deleteTree(WORK);
        Files.createDirectories(WORK);
        String report = run(WORK, NPM, "npm", "pack", PACKAGE.toString(), "--pack-destination", WORK.toString(), "--json");
        packed = Json.createReader(new StringReader(report.substring(report.indexOf('[')))).readArray().getJsonObject(0);

        consumer = WORK.resolve("consumer");
        copyTree(CONSUMER, consumer);
        try {
            run(consumer, NPM, "npm", "install", "--no-audit", "--no-fund", "../" + packed.getString("filename"));
        } catch (AssertionError e) {
            throw new AssertionError("npm install of the packed client and of the TypeScript and esbuild that"
                    + " src/test/client/package.json pins failed: it needs the npm registry (or npm's cache)", e);
        }
    }

    @Test
    void theTarballHoldsPackageJsonAndTheFilesItNames() throws IOException {
        JsonObject manifest = Json.createReader(new StringReader(Files.readString(PACKAGE.resolve("package.json"))))
                .readObject();
        Set<String> expected = new TreeSet<>(strings(manifest.getJsonArray("files")));
        expected.add("package.json");
        expected.add("README.md");
        Set<String> files = packed.getJsonArray("files").getValuesAs(JsonObject.class).stream()
                .map(file -> file.getString("path")).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(expected, files, "what npm pack put in " + packed.getString("filename"));
        assertEquals(manifest.getString("name") + "@" + manifest.getString("version"), packed.getString("id"));
    }

    @Test
    void nodeImportsItBothWaysBundlesItAndTypeChecksIt() {
        String output = run(consumer, NPM, "node", "--test", "package.test.mjs");

        assertTrue(output.contains("# fail 0"), "node --test reported no failure:\n" + output);
        System.out.println("src/test/client/package.test.mjs:\n" + output.lines()
                .filter(line -> line.matches("(not )?ok \\d+ .*|# (pass|fail) .*")).collect(Collectors.joining("\n")));
    }

    private static void requireNode() {
        String version;
        try {
            version = run(WORK.getParent(), Duration.ofSeconds(30), "node", "--version").strip();
            run(WORK.getParent(), Duration.ofSeconds(30), "npm", "--version");
        } catch (AssertionError | UncheckedIOException e) {
            throw new AssertionError("The client package tests need Node.js " + OLDEST_NODE + " or later with npm on the"
                    + " PATH: apt-get install nodejs npm (.ci/run does it)", e);
        }
        int major = Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*", "$1"));
        assertTrue(major >= OLDEST_NODE, "The client package tests need Node.js " + OLDEST_NODE + " or later, and node is "
                + version);
    }

    /** Runs {@code command} in {@code dir} and answers its standard output; fails with all it printed unless it exits 0. */
    private static String run(Path dir, Duration timeout, String... command) {
        List<String> line = List.of(command);
        try {
            Files.createDirectories(dir);
            Path out = Files.createTempFile(WORK.getParent(), "client-package", ".out");
            Path err = Files.createTempFile(WORK.getParent(), "client-package", ".err");
            Process process = new ProcessBuilder(line).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            Files.delete(out);
            Files.delete(err);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", line) + " in " + dir + (exited ? " exited with "
                        + process.exitValue() : " did not end within " + timeout) + ":\n" + stdout + "\n" + stderr);
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + line + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + line, e);
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
