package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.fixtures.Ports;
import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The WAR on WildFly exactly as a user deploys it (README, "Deploy on Payara or WildFly"): a
 * stock WildFly 39 started with standalone-microprofile.xml on a given port, the WAR dropped in
 * as ROOT.war (context root /), every setting only as a JOBS_* environment variable, and
 * /health/ready answered on the HTTP port. Runs in the wildfly profile only (mvn -Pwildfly
 * verify), which unpacks the server; the server's own standalone/ folder is copied, not used.
 */
class WildFlyAsUsersDeployIT {

    @Test
    void theWarServesTheContractOnAStockWildFlyConfiguredByEnvironmentOnly() throws Exception {
        Path home = Path.of(required("jboss.home"));
        Path base = Files.createTempDirectory("wildfly-as-users");
        copyTree(home.resolve("standalone"), base);
        Files.copy(Path.of(required("jobs.war")), base.resolve("deployments/ROOT.war"));
        Path keys = Files.createTempFile("keys", ".json");
        Files.writeString(keys, "[{\"key\":\"u-alice\",\"clientId\":\"acme\",\"userId\":\"alice\"},"
                + "{\"key\":\"u-publisher\",\"clientId\":\"acme\",\"scopes\":[\"publish\"]}]");
        int offset = Ports.free() % 1000 + 3000; // HTTP on 8080 + offset
        int port = 8080 + offset;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-microprofile.xml", "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset)
                .redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile());
        builder.environment().put("JOBS_API_KEYS_FILE", keys.toString());
        builder.environment().put("JOBS_HEARTBEAT_INTERVAL_MS", "700");
        Process server = builder.start();
        try {
            awaitReady(port, server, base);
            try (Gateway gateway = new Gateway(URI.create("http://127.0.0.1:" + port + "/").toURL())) {
                TestSocket alice = gateway.connect("alice", Auth.query("u-alice")).socket();
                assertEquals(700, alice.received().get(0).getInt("heartbeatIntervalMs"), "a JOBS_* setting applies");
                alice.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", "wf-1").build());
                alice.nextOfType("subscribed");
                var published = gateway.post("jobs/wf-1/events", Auth.bearer("u-publisher"), "{\"type\":\"job.created\"}");
                assertEquals(202, published.statusCode(), published.body());
                assertEquals(1, alice.nextEvent("wf-1").getInt("seq"));
                alice.nextPing(Duration.ofSeconds(3));
            }
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static void awaitReady(int port, Process server, Path base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!server.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("WildFly did not answer /health/ready with 200 on port " + port + "; see "
                + base.resolve("console.log") + " and " + base.resolve("log/server.log"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run this test with"
                    + " mvn -Pwildfly verify, which unpacks WildFly and sets it");
        }
        return value;
    }
}
