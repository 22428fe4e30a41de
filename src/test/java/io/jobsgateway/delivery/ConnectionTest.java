package io.jobsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobsgateway.access.Identity;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.DeliveryMeters;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void aConnectionIsAskedToCloseOnceHoweverOftenItIsClosed() {
        FakeSender transport = new FakeSender();
        Connection connection = new Connection("c1", new Identity("k", "acme", null, Set.of()), transport, 100, 1_000_000, 3, 0, DeliveryMeters.unregistered());

        connection.disconnect(4408, "silent");
        connection.disconnect(4408, "silent"); // the next heartbeat tick, before the transport reported it closed
        connection.disconnect(1013, "slow");

        assertEquals(List.of(4408), transport.closes);
    }

    @Test
    void aJobWhoseSeqStartsAgainInANewEpochIsDeliveredFromItsStart() {
        FakeSender transport = new FakeSender();
        Connection connection = new Connection("c1", new Identity("k", "acme", null, Set.of()), transport, 100, 1_000_000, 3, 0, DeliveryMeters.unregistered());
        connection.join("job:j", "j");

        deliver(connection, new StoredEvent("j", 57, "old", "acme", null, "old#57"));
        deliver(connection, new StoredEvent("j", 1, "new", "acme", null, "new#1")); // Redis lost the job's keys
        deliver(connection, new StoredEvent("j", 2, "new", "acme", null, "new#2"));
        deliver(connection, new StoredEvent("j", 2, "new", "acme", null, "new#2"));

        assertEquals(List.of("old#57", "new#1", "new#2"), transport.sent);
    }

    private static void deliver(Connection connection, StoredEvent event) {
        connection.deliver(event, new Outgoing(event.json()));
    }
}
