package io.jobsgateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BroadcastTest {

    /** Through JobsGateway a bean could send a message without the event name the contract requires. */
    @Test
    void aMessageAlwaysNamesItsEvent() {
        assertThrows(IllegalArgumentException.class, () -> new Broadcast(null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Broadcast(null, "alice", "", null, null));
        assertEquals("maintenance", new Broadcast(null, null, "maintenance", null, null).event());
    }
}
