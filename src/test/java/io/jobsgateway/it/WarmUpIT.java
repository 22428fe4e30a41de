package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.fixtures.GatewayServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before readiness (README, "Start-up and warm-up") on a Payara Micro node started
 * as the README starts it (the port given, as {@code --port}: the node finds it through
 * quirks.OwnHttpPort): readiness answers 503 "warming up" while it runs and 200 once it is over,
 * and by then the warm-up went through the real handshake, publish and delivery paths: its jobs
 * hold the events of every round, which only an admin key sees, and none of its connections is
 * left open. WildFly's way of giving its port is checked by WildFlyAsUsersDeployIT, whose stock
 * server warms up as a user's does. It starts its node itself, so it runs once, in the Payara build.
 */
class WarmUpIT {

    private static final int ROUNDS = 2;

    @Test
    void readinessWaitsForTheWarmUpWhichWentThroughTheNodesOwnEndpoints() throws Exception {
        Path keys = Files.createTempFile("warmup-keys", ".json");
        Files.writeString(keys, "[{\"key\":\"w-admin\",\"clientId\":\"ops\",\"scopes\":[\"admin\",\"publish\"]},"
                + "{\"key\":\"w-acme\",\"clientId\":\"acme\",\"scopes\":[\"publish\"]}]");
        Path war = PackagedBuild.war();
        try (GatewayServer node = PackagedBuild.node("warm-up", war, Map.of("JOBS_API_KEYS_FILE", keys.toString(),
                "JOBS_WARMUP_ENABLED", "true", "JOBS_WARMUP_ROUNDS", Integer.toString(ROUNDS),
                "JOBS_WARMUP_CONNECTIONS", "60", "JOBS_MAX_CONNECTIONS_PER_KEY", "4"), war.getParent());
             Gateway gateway = new Gateway(node.base().toURL())) {
            node.start();
            boolean warmingSeen = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            GatewayServer.Readiness answer = node.readinessAnswer();
            while (System.nanoTime() < deadline && answer.status() != 200) {
                warmingSeen |= answer.status() == 503 && answer.body().contains("warming up");
                Thread.sleep(100);
                answer = node.readinessAnswer();
            }
            assertEquals(200, answer.status(), "not ready after 3 minutes: " + answer + "\n" + node.logTail());
            assertTrue(warmingSeen, "readiness never said it was warming up");
            assertTrue(node.log().contains("Warm-up done in"), node.logTail());

            HttpResponse<String> history = gateway.get("jobs/warmup-0/history", Auth.bearer("w-admin"));
            assertEquals(200, history.statusCode(), history.body());
            JsonArray events = Gateway.json(history).getJsonArray("events");
            JsonObject last = events.getJsonObject(events.size() - 1);
            assertEquals("jobs-gateway.warmup", last.getString("clientId"));
            assertEquals("job.completed", last.getString("type"), "a watchdog must not take it for a silent job");
            assertTrue(last.getInt("seq") >= 2 + ROUNDS * 15, "every round published 15 events to each job: " + last);
            JsonObject lastProgress = events.getJsonObject(events.size() - 2);
            assertEquals(ROUNDS, lastProgress.getJsonObject("data").getInt("round"), "the last round's events are stored");
            assertEquals(404, gateway.get("jobs/warmup-0/history", Auth.bearer("w-acme")).statusCode(),
                    "the warm-up's jobs are its own client's");
            assertOpenConnections(gateway, 0);
        } finally {
            Files.deleteIfExists(keys);
        }
    }

    private static void assertOpenConnections(Gateway gateway, int expected) throws InterruptedException {
        String gauge = "jobs_gateway_connections{transport=\"websocket\"} ";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String line = "";
        while (System.nanoTime() < deadline) {
            line = gateway.metrics(Auth.none()).body().lines().filter(l -> l.startsWith(gauge)).findFirst().orElse("");
            if (!line.isEmpty() && Double.parseDouble(line.substring(gauge.length()).trim()) == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the warm-up's connections are still open: " + line);
    }
}
