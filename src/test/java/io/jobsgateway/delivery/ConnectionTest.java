package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.access.Identity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void aConnectionIsAskedToCloseOnceHoweverOftenItIsClosed() {
        FakeSender transport = new FakeSender();
        Connection connection = new Connection("c1", new Identity("k", "acme", null, Set.of()), transport, 100, 3, 0);

        connection.disconnect(4408, "silent");
        connection.disconnect(4408, "silent"); // the next heartbeat tick, before the transport reported it closed
        connection.disconnect(1013, "slow");

        assertEquals(List.of(4408), transport.closes);
    }
}
