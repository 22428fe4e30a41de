package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.GatewayServer;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        Path logs = Files.createTempDirectory("wildfly-as-users");
        Path keys = Files.createTempFile("keys", ".json");
        Files.writeString(keys, "[{\"key\":\"u-alice\",\"clientId\":\"acme\",\"userId\":\"alice\"},"
                + "{\"key\":\"u-publisher\",\"clientId\":\"acme\",\"scopes\":[\"publish\"]}]");
        try (GatewayServer server = GatewayServer.onWildFly("wildfly-as-users", Path.of(required("jboss.home")),
                Path.of(required("jobs.war")), List.of(), // standalone.conf's JVM options, as a user has them
                Map.of("JOBS_API_KEYS_FILE", keys.toString(), "JOBS_HEARTBEAT_INTERVAL_MS", "700",
                        "JOBS_DEMO_ENABLED", "true"), logs)) {
            server.start();
            server.awaitReadiness(200, Duration.ofMinutes(3)); // on the HTTP port, which WildFly itself does not serve
            // The WAR warms up before it is ready, and finds WildFly's HTTP port itself (quirks.OwnHttpPort).
            assertTrue(server.log().contains("Warm-up done in"), server.logTail());
            try (Gateway gateway = new Gateway(server.base().toURL())) {
                TestSocket alice = gateway.connect("alice", Auth.query("u-alice")).socket();
                assertEquals(700, alice.received().get(0).getInt("heartbeatIntervalMs"), "a JOBS_* setting applies");
                alice.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", "wf-1").build());
                alice.nextOfType("subscribed");
                var published = gateway.post("jobs/wf-1/events", Auth.bearer("u-publisher"), "{\"type\":\"job.created\"}");
                assertEquals(202, published.statusCode(), published.body());
                assertEquals(1, alice.nextEvent("wf-1").getInt("seq"));
                alice.nextPing(Duration.ofSeconds(3));
                // standalone-microprofile.xml has no batch subsystem: the gateway deploys without its batch
                // listeners (beans.xml leaves them out), and the demo's batch job says why it cannot run
                var batch = gateway.post("demo/batch-jobs", Auth.bearer("u-publisher"), "{}");
                assertEquals(404, batch.statusCode(), batch.body());
                assertTrue(batch.body().contains("Jakarta Batch"), batch.body());
            }
        } finally {
            Files.deleteIfExists(keys);
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
