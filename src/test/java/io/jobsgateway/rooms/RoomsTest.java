package io.jobsgateway.rooms;

import io.jobsgateway.delivery.Lanes;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.delivery.FakeSender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.access.Identity;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.DeliveryMeters;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomsTest {

    private final Rooms rooms = new Rooms();

    {
        rooms.lanes = new Lanes(Runnable::run);
    }

    private record Client(Connection connection, FakeSender sender) {
        List<String> received() {
            return sender.sent;
        }
    }

    private static Client client(String clientId, String userId, String... scopes) {
        FakeSender sender = new FakeSender();
        Identity identity = new Identity("key:" + clientId + userId, clientId, userId, Set.of(scopes));
        return new Client(new Connection(clientId + "-" + userId, identity, sender, 100, 1_000_000, 3, 0, DeliveryMeters.unregistered()), sender);
    }

    private static StoredEvent event(String jobId, long seq, String clientId, String userId) {
        return new StoredEvent(jobId, seq, "e1", clientId, userId, jobId + "#" + seq);
    }

    @Test
    void aConnectionInSeveralMatchingRoomsGetsOneCopy() {
        Client alice = client("acme", "alice");
        rooms.join(alice.connection(), Room.job("j1"));
        rooms.join(alice.connection(), Room.client("acme"));
        rooms.join(alice.connection(), Room.user("alice"));

        rooms.deliver(event("j1", 1, "acme", "alice"));
        assertEquals(List.of("j1#1"), alice.received());
    }

    @Test
    void aUserOfAClientGetsOnlyItsOwnJobsAndThoseOfNoUserInEveryRoom() {
        Client alice = client("acme", "alice");
        Client bob = client("acme", "bob");
        for (Client person : List.of(alice, bob)) {
            rooms.join(person.connection(), Room.job("bobs"));
            rooms.join(person.connection(), Room.job("nobodys"));
            rooms.join(person.connection(), Room.client("acme"));
        }

        rooms.deliver(event("bobs", 1, "acme", "bob"));
        rooms.deliver(event("nobodys", 1, "acme", null));

        assertEquals(List.of("nobodys#1"), alice.received(), "not bob's job, in its job room or the client room");
        assertEquals(List.of("bobs#1", "nobodys#1"), bob.received());
    }

    @Test
    void anotherClientGetsNothingWhateverItSubscribedTo() {
        Client globex = client("globex", null);
        rooms.join(globex.connection(), Room.job("j1"));
        rooms.join(globex.connection(), Room.user("alice"));
        rooms.join(globex.connection(), Room.client("globex"));

        rooms.deliver(event("j1", 1, "acme", "alice"));
        assertTrue(globex.received().isEmpty());
    }

    @Test
    void adminsGetJobsTheySubscribedToAndAllJobs() {
        Client adminInJob = client("ops", null, Identity.ADMIN);
        Client adminInAll = client("ops", "root", Identity.ADMIN);
        Client adminInUserRoom = client("ops", null, Identity.ADMIN);
        rooms.join(adminInJob.connection(), Room.job("j1"));
        rooms.join(adminInAll.connection(), Room.ALL_JOBS);
        rooms.join(adminInUserRoom.connection(), Room.user("alice"));

        rooms.deliver(event("j1", 1, "acme", "alice"));
        assertEquals(List.of("j1#1"), adminInJob.received());
        assertEquals(List.of("j1#1"), adminInAll.received());
        assertTrue(adminInUserRoom.received().isEmpty(), "user rooms are the owner client's");
    }

    @Test
    void leavingStopsDeliveryAndClosingLeavesEveryRoom() {
        Client alice = client("acme", "alice");
        rooms.join(alice.connection(), Room.job("j1"));
        rooms.join(alice.connection(), Room.client("acme"));
        rooms.leave(alice.connection(), Room.job("j1"));
        rooms.deliver(event("j2", 1, "acme", null));
        rooms.leaveAll(alice.connection());
        rooms.deliver(event("j2", 2, "acme", null));

        assertEquals(List.of("j2#1"), alice.received());
        assertEquals(0, rooms.memberCount(Room.client("acme")));
        assertEquals(Connection.Join.CLOSED, rooms.join(alice.connection(), Room.job("j3")));
        assertEquals(0, rooms.memberCount(Room.job("j3")), "a closed connection is never left in a room");
    }

    @Test
    void aConnectionMayBeInMaxSubscriptionsRooms() {
        Client alice = client("acme", "alice");
        assertEquals(Connection.Join.JOINED, rooms.join(alice.connection(), Room.job("a")));
        assertEquals(Connection.Join.JOINED, rooms.join(alice.connection(), Room.job("b")));
        assertEquals(Connection.Join.ALREADY_IN, rooms.join(alice.connection(), Room.job("b")));
        assertEquals(Connection.Join.JOINED, rooms.join(alice.connection(), Room.job("c")));
        assertEquals(Connection.Join.FULL, rooms.join(alice.connection(), Room.job("d")));
    }

    @Test
    void aReplayMergesWithLiveEventsWithoutGapOrDuplicate() {
        Client alice = client("acme", "alice");
        Connection connection = alice.connection();
        connection.startReplay("j1");
        rooms.join(connection, Room.job("j1"));
        // live events published while the history is being read
        rooms.deliver(event("j1", 5, "acme", null));
        rooms.deliver(event("j1", 6, "acme", null));
        // the history read saw up to 5
        connection.finishReplay("j1", "reply", List.of(event("j1", 3, "acme", null),
                event("j1", 4, "acme", null), event("j1", 5, "acme", null)), "e1", 2);
        rooms.deliver(event("j1", 6, "acme", null));
        rooms.deliver(event("j1", 7, "acme", null));

        assertEquals(List.of("reply", "j1#3", "j1#4", "j1#5", "j1#6", "j1#7"), alice.received());
    }
}
