package io.jobsgateway.it;

import static io.jobsgateway.it.Wire.assertError;
import static io.jobsgateway.it.Wire.json;
import static io.jobsgateway.it.Wire.newJobId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.function.Consumer;

/**
 * Contract section 5 (v1.1): a connection bound to a user is one person of its client. Of the
 * client's jobs it gets, in any room, only its own user's (and those of no user); another user's
 * job has no history for it and no events to resume. The same checks for every kind of person:
 * keys bound to a user ({@code GatewayIT}) and logged-in users ({@code LoginsIT}).
 */
final class UserIsolation {

    private UserIsolation() {
    }

    /**
     * Alice and bob are persons of {@code clientId}. Alice's job, which {@code publishAlicesJob}
     * publishes (one event, user alice), reaches alice in its job room, in her client's room and
     * in {@code user:alice}, a connection for each; it reaches bob in neither the job room nor the
     * client room, bob may not join {@code user:alice}, his {@code history} of it has no events
     * and his resume with {@code since} replays none. Answers the job, for the caller's HTTP checks.
     */
    static String aliceAloneGetsHerJob(Gateway gateway, String clientId, Auth alice, Auth bob,
                                       Consumer<String> publishAlicesJob) {
        String job = newJobId("alices");
        JsonObject jobRoom = json("type", "subscribed", "room", "job:" + job, "jobId", job);
        JsonObject clientRoom = json("type", "subscribed", "room", "client:" + clientId);
        List<TestSocket> alices = List.of(
                joined(gateway, "alice in the job room", alice, json("type", "subscribe", "jobId", job), jobRoom),
                joined(gateway, "alice in the client room", alice, json("type", "subscribe"), clientRoom),
                joined(gateway, "alice in user:alice", alice, json("type", "subscribe", "userId", "alice"),
                        json("type", "subscribed", "room", "user:alice")));
        TestSocket bobs = joined(gateway, "bob in the job and client rooms", bob,
                json("type", "subscribe", "jobId", job), jobRoom);
        bobs.send(json("type", "subscribe"));
        assertEquals(clientRoom, bobs.next(), bobs.name());
        bobs.send(json("type", "subscribe", "userId", "alice", "id", "theirs"));
        assertError(bobs.next(), "forbidden", Json.createValue("theirs"), "bob joining user:alice");

        publishAlicesJob.accept(job);

        for (TestSocket room : alices) {
            assertEquals("alice", room.nextEvent(job).getString("userId"), room.name());
        }
        bobs.expectNoEventOf(job);
        alices.get(0).send(json("type", "history", "jobId", job, "id", "h"));
        assertEquals(1, alices.get(0).next().getJsonArray("events").size(), "alice's history of her job");
        bobs.send(json("type", "history", "jobId", job, "id", "h"));
        assertEquals(json("type", "history", "jobId", job, "events", JsonValue.EMPTY_JSON_ARRAY, "id", "h"), bobs.next(),
                "another user's job has no history");
        TestSocket resuming = gateway.connect("bob resuming", bob).socket();
        resuming.send(json("type", "subscribe", "jobId", job, "since", 0, "id", "r"));
        assertEquals(json("type", "subscribed", "room", "job:" + job, "jobId", job, "recovered", true, "id", "r"),
                resuming.next(), "another user's job resumes as one with no event would: no epoch");
        resuming.expectNoEventOf(job);
        return job;
    }

    private static TestSocket joined(Gateway gateway, String name, Auth auth, JsonObject subscribe, JsonObject reply) {
        TestSocket socket = gateway.connect(name, auth).socket();
        socket.send(subscribe);
        assertEquals(reply, socket.next(), name);
        return socket;
    }
}
