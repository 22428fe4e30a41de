package io.jobsgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.JobEvent;
import io.jobsgateway.api.JobEventType;
import io.jobsgateway.history.Publication;
import jakarta.json.JsonValue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules both publish endpoints share: what an accepted request makes of its event. (The
 * refusals, 400 and 403, are the integration tests': an {@code ApiError} needs a Jakarta REST
 * runtime.)
 */
class EventRequestTest {

    private static final Identity ACME = new Identity("k1", "acme", null, Set.of(Identity.PUBLISH));
    private static final Identity ALICE = new Identity("k2", "acme", "alice", Set.of(Identity.PUBLISH));
    private static final Identity ADMIN = new Identity("k3", "ops", null, Set.of(Identity.PUBLISH, Identity.ADMIN));

    @Test
    void aKeyPublishesForItsOwnClientAndUserWithTheTypesDefaults() {
        Publication publication = request("{\"type\":\"job.completed\"}").publication(ALICE, "j1");
        JobEvent event = publication.event();

        assertEquals(JobEventType.COMPLETED, event.type());
        assertEquals("j1", event.jobId());
        assertEquals("acme", event.clientId());
        assertEquals("alice", event.userId(), "a key bound to a user names it by default");
        assertEquals("completed", event.status());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, event.data());
    }

    @Test
    void anAdminThatNamesNoClientLeavesTheOwnerToTheJobAndANewJobToItsOwnClient() {
        Publication publication = request("{\"type\":\"job.started\"}").publication(ADMIN, "j1");

        assertNull(publication.event().clientId(), "keeps the owner the job has");
        assertEquals("ops", publication.ownerIfNew());
    }

    @Test
    void aNamedClientAndUserAreKept() {
        JobEvent event = request("{\"type\":\"job.updated\",\"status\":\"paused\",\"clientId\":\"globex\",\"userId\":\"bob\","
                + "\"data\":{\"reason\":\"quota\"}}").publication(ADMIN, "j1").event();

        assertEquals("globex", event.clientId());
        assertEquals("bob", event.userId());
        assertEquals("paused", event.status());
        assertEquals("{\"reason\":\"quota\"}", event.data().toString());
    }

    @Test
    void aBatchElementIsItsJobAndTheSinglePublishsBody() {
        String body = "{\"jobId\":\"j7\",\"type\":\"job.progress\",\"data\":{\"progress\":5},\"userId\":\"alice\"}";
        EventElement element = EventElement.read(JsonBody.parse(body, false));

        assertEquals("j7", element.jobId());
        assertEquals(request(body), element.event());
        assertEquals(ACME.clientId(), element.event().publication(ACME, element.jobId()).event().clientId());
    }

    private static EventRequest request(String body) {
        return EventRequest.read(JsonBody.parse(body, false));
    }
}
