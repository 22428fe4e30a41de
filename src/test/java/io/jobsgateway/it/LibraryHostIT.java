package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The library as a host application takes it from a Maven repository, in single-node mode: the
 * WAR that {@code src/it/single-node-host} built against the installed {@code lib} artifact, with
 * the library and Micrometer alone in WEB-INF/lib (no Redisson, no Netty, no SLF4J provider), an EJB that fires
 * {@code JobEvent}s in a JTA transaction, and a JAX-RS application of its own.
 */
class LibraryHostIT extends DeployedGatewayTest {

    /** The library, and what its {@code /metrics} needs: nothing for cluster mode, no SLF4J provider. */
    private static final String LIBRARY_AND_METRICS =
            "jobs-gateway-.+-lib\\.jar|micrometer-.+\\.jar|prometheus-metrics-.+\\.jar|HdrHistogram-.+\\.jar|jspecify-.+\\.jar";

    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String ALICE = KEYS.plain("acme", "alice");
    private static final String PUBLISHER = KEYS.plain("acme", null, "publish");

    @Deployment(testable = false)
    static WebArchive singleNodeHost() {
        WebArchive host = Deployments.hostWar("jobs.host.single-node.war", "single-node-host.war",
                Map.of("jobs.api-keys.file", KEYS.write().toString().replace("\\", "/")));
        List<String> libraries = Deployments.libraries(host);
        boolean library = libraries.stream().anyMatch(jar -> jar.matches("jobs-gateway-.+-lib\\.jar"));
        if (!library || !libraries.stream().allMatch(jar -> jar.matches(LIBRARY_AND_METRICS))) {
            throw new IllegalStateException("the single-node host must have the library and Micrometer's Prometheus"
                    + " registry alone in WEB-INF/lib: " + libraries);
        }
        return host;
    }

    @Test
    void theHostsEjbEventsReachASubscriberInOrder() {
        String job = "report-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = subscribedTo(job);

        var response = gateway.post("../rest/reports/" + job + "?pages=3", Auth.none(), "");
        assertEquals(204, response.statusCode(), response.body());

        List<JsonObject> events = socket.nextEvents(job, 5, Duration.ofSeconds(10));
        assertEquals(List.of("job.created", "job.progress", "job.progress", "job.progress", "job.completed"),
                events.stream().map(e -> e.getString("type")).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), events.stream().map(e -> e.getInt("seq")).toList());
        assertEquals(100, events.get(3).getJsonObject("data").getInt("progress"));
    }

    @Test
    void theHostsOwnResourceAndTheGatewaysHttpApiShareTheHostsApplicationPath() {
        var hello = gateway.getFromServerRoot(base().getPath() + "rest/reports/hello");
        assertEquals(200, hello.statusCode(), hello.body());
        assertEquals("hello from the reports host", hello.body());

        String job = "http-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = subscribedTo(job);
        var published = gateway.post("../rest/jobs/" + job + "/events", Auth.bearer(PUBLISHER), "{\"type\":\"job.created\"}");
        assertEquals(202, published.statusCode(), published.body());
        assertEquals("job.created", socket.nextEvent(job).getString("type"));
    }

    /**
     * The library's OpenAPI annotations leave the host's document its own: it still builds, with the
     * host's paths, and without the standalone WAR's static part (its info and /api/stream), which
     * the lib jar leaves out.
     */
    @Test
    void theHostsOpenApiDocumentIsTheHosts() {
        var answer = gateway.getJsonFromServerRoot("/openapi?format=JSON");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject document = Gateway.json(answer);
        Set<String> paths = document.getJsonObject("paths").keySet();
        assertTrue(paths.stream().anyMatch(path -> path.endsWith("/rest/reports/hello")), "the host's paths: " + paths);
        assertFalse(paths.stream().anyMatch(path -> path.endsWith("/api/stream")), "the WAR's static part: " + paths);
        assertNotEquals("jobs-gateway", document.getJsonObject("info").getString("title", null));
    }

    private TestSocket subscribedTo(String jobId) {
        TestSocket socket = gateway.connect("alice", ALICE);
        socket.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", jobId).build());
        socket.nextOfType("subscribed");
        return socket;
    }
}
