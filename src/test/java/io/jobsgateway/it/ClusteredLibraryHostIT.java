package io.jobsgateway.it;

import io.jobsgateway.fixtures.RedisServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The library as a host application takes it for cluster mode: the WAR that
 * {@code src/it/cluster-host} built against the installed {@code lib} artifact plus the
 * {@code org.redisson:redisson} it adds itself, on a Redis of the test's own, with a CDI bean
 * that announces its job through the {@code JobsGateway} facade.
 */
class ClusteredLibraryHostIT extends DeployedGatewayTest {

    private static final ApiKeyFile KEYS = new ApiKeyFile();
    private static final String ALICE = KEYS.plain("acme", "alice");

    private static RedisServer redis;

    @Deployment(testable = false)
    static WebArchive clusterHost() throws IOException {
        redis = RedisServer.withAppendOnlyFile(); // stopped, its folder removed, when the test JVM exits

        WebArchive host = Deployments.hostWar("jobs.host.cluster.war", "cluster-host.war", Map.of(
                "jobs.api-keys.file", KEYS.write().toString().replace("\\", "/"),
                "jobs.redis.address", redis.address()));
        if (!Deployments.libraries(host).contains("redisson-4.7.0.jar")) {
            throw new IllegalStateException("the cluster host must bring Redisson: " + Deployments.libraries(host));
        }
        return host;
    }

    @Test
    void theHostsFacadeEventsReachASubscriberInOrderThroughRedis() throws IOException {
        String job = "export-" + UUID.randomUUID().toString().substring(0, 8);
        TestSocket socket = gateway.connect("alice", ALICE);
        socket.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
        socket.nextOfType("subscribed");

        var response = gateway.post("../rest/exports/" + job + "?parts=3", Auth.none(), "");
        assertEquals(204, response.statusCode(), response.body());

        List<JsonObject> events = socket.nextEvents(job, 5, Duration.ofSeconds(10));
        assertEquals(List.of("job.created", "job.progress", "job.progress", "job.progress", "job.completed"),
                events.stream().map(e -> e.getString("type")).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), events.stream().map(e -> e.getInt("seq")).toList());

        var history = gateway.getFromServerRoot(base().getPath() + "rest/exports/" + job + "/history-size");
        assertEquals(200, history.statusCode(), history.body());
        assertEquals("5", history.body(), "the facade's history of the job");
        assertTrue(keysInRedis() > 0, "cluster mode keeps the job in Redis, which has no key");
    }

    /** DBSIZE of the test's Redis, in Redis's inline protocol. */
    private static long keysInRedis() throws IOException {
        URI address = URI.create(redis.address());
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("DBSIZE\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Long.parseLong(reply.substring(1)); // ":<count>"
        }
    }
}
