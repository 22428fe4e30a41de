package io.jobsgateway.bus;

import io.jobsgateway.api.Broadcast;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void aJobEventAsThePublishScriptWritesIt() {
        String envelope = "E\tjob-1\t42\tep0000ab\tacme\t\t1764601200123456\t{\"type\":\"job.progress\",\"seq\":42}";
        assertEquals(Envelope.EVENT, Envelope.kind(envelope));
        assertEquals(new StoredEvent("job-1", 42, "ep0000ab", "acme", null, "{\"type\":\"job.progress\",\"seq\":42}",
                1764601200123456L), Envelope.event(envelope));
        assertEquals("alice", Envelope.event("E\tj\t1\te\tacme\talice\t1\t{}").userId());
    }

    @Test
    void historyStoredBeforeStoreTimesWereRecordedIsReadWithoutOne() {
        StoredEvent old = Envelope.event("E\tj\t3\te\tacme\talice\t{\"type\":\"job.progress\"}");
        assertEquals(new StoredEvent("j", 3, "e", "acme", "alice", "{\"type\":\"job.progress\"}", 0), old);
    }

    @Test
    void aBroadcastGoesRoundUnchanged() {
        Broadcast broadcast = new Broadcast("acme", null, "maintenance",
                Json.createObjectBuilder().add("at", "22:00\there").build(), Instant.ofEpochMilli(1_700_000_000_123L));
        String envelope = Envelope.broadcast(broadcast);
        assertEquals(Envelope.BROADCAST, Envelope.kind(envelope));
        assertEquals(broadcast, Envelope.broadcast(envelope));
    }

    @Test
    void aCanaryNamesItsNode() {
        assertEquals("node-1", Envelope.canaryNode(Envelope.canary("node-1", 7)));
    }
}
