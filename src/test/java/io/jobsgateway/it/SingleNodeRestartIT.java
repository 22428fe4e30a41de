package io.jobsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jobsgateway.fixtures.GatewayServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Contract sections 4 and 5 (v1.1), black-box: a single node, in memory, restarted while a
 * publisher goes on with the same job. The job's seq starts again at 1 in a new epoch, and a
 * client that resumes with the epoch and seq it saw last gets the new stream from its start:
 * recovered:false, nothing skipped. (Once, a since above the new seq hid every event up to it.)
 * It starts its own Payara Micro process, so it runs once, in the Payara build.
 */
class SingleNodeRestartIT {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    private static OwnNode own;
    private static GatewayServer node;

    @AfterAll
    static void stop() throws Exception {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void aResumeAfterARestartSkipsNothingOfTheJobsNewStream() throws Exception {
        own = OwnNode.start("restarted", """
                [{"key": "r-publisher", "clientId": "acme", "scopes": ["publish"]},
                 {"key": "r-watcher", "clientId": "acme"}]
                """, Map.of());
        node = own.server();
        String job = "restarted-" + UUID.randomUUID().toString().substring(0, 8);

        String oldEpoch;
        String lastEventId; // an SSE stream's, beside the WebSocket: its resume token must resume as well
        try (Gateway before = gateway()) {
            TestSocket watcher = before.connect("before the restart", "r-watcher");
            watcher.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", job).build());
            watcher.nextOfType("subscribed");
            EventStream stream = before.stream("stream before the restart", "jobId=" + job, Auth.bearer("r-watcher"));
            stream.next("connected");
            stream.next("subscribed");
            publish(before, job, 5);
            List<JsonObject> seen = watcher.nextEvents(job, 5, DELIVERY);
            assertEquals(List.of(1, 2, 3, 4, 5), seen.stream().map(e -> e.getInt("seq")).toList());
            oldEpoch = seen.get(4).getString("epoch");
            lastEventId = stream.jobs(5).get(4).id();
        }

        node.stop();
        node.start();
        node.awaitReadiness(200, BOOT);

        try (Gateway after = gateway()) {
            publish(after, job, 3); // the publisher goes on with the same job: seq 1 to 3 of a new stream
            TestSocket back = after.connect("after the restart", "r-watcher");
            back.send(Json.createObjectBuilder().add("type", "subscribe").add("jobId", job)
                    .add("since", 5).add("epoch", oldEpoch).build());
            JsonObject reply = back.nextOfType("subscribed");
            assertEquals(false, reply.getBoolean("recovered"), reply.toString());
            assertNotEquals(oldEpoch, reply.getString("epoch"), "a restarted node starts the job's stream anew");
            publish(after, job, 1);

            List<JsonObject> events = back.nextEvents(job, 4, DELIVERY);
            assertEquals(List.of(1, 2, 3, 4), events.stream().map(e -> e.getInt("seq")).toList(),
                    "the replayed new stream, then the live event, nothing skipped");
            back.expectNoEventOf(job);

            EventStream resumed = after.stream("stream after the restart", "jobId=" + job,
                    Auth.bearer("r-watcher").withHeader("Last-Event-ID", lastEventId));
            resumed.next("connected");
            JsonObject subscribed = resumed.next("subscribed").data();
            assertEquals(false, subscribed.getBoolean("recovered"), subscribed.toString());
            assertEquals(List.of(1, 2, 3, 4), resumed.jobs(4).stream().map(m -> m.data().getInt("seq")).toList(),
                    "Last-Event-ID of the old stream: the whole new stream, nothing skipped");
        }
    }

    private static void publish(Gateway through, String jobId, int count) {
        for (int i = 0; i < count; i++) {
            var response = through.post("jobs/" + jobId + "/events", Auth.bearer("r-publisher"),
                    "{\"type\":\"job.progress\",\"data\":{\"progress\":" + i + "}}");
            assertEquals(202, response.statusCode(), response.body());
        }
    }

    private static Gateway gateway() {
        try {
            return new Gateway(node.base().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
