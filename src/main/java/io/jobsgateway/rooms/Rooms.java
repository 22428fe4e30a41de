package io.jobsgateway.rooms;

import io.jobsgateway.delivery.Lanes;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.ops.GatewayMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The room registry: who is in which room, and which connections a job event reaches. It never
 * writes: the receivers of an event go to the {@link Lanes}.
 */
@ApplicationScoped
class Rooms {

    private final ConcurrentHashMap<Room, Set<Connection>> members = new ConcurrentHashMap<>();

    @Inject
    Lanes lanes;
    @Inject
    GatewayMetrics metrics;

    /** The subscriptions gauge sums the rooms' members when it is read, not on every join; an empty room is removed. */
    @PostConstruct
    void countSubscriptions() {
        metrics.countSubscriptionsWith(() -> members.values().stream().mapToInt(Set::size).sum());
        metrics.countRoomsWith(members::size);
    }

    /**
     * Adds the connection to the room, unless it is full or closing, and answers the verdict.
     * The member set is updated first, so that a connection closing meanwhile is taken out again
     * and never left behind.
     */
    public Connection.Join join(Connection connection, Room room) {
        Connection.Join verdict = connection.canJoin(room.name());
        if (verdict != Connection.Join.JOINED) {
            return verdict;
        }
        members.compute(room, (r, inRoom) -> {
            Set<Connection> updated = inRoom == null ? ConcurrentHashMap.newKeySet() : inRoom;
            updated.add(connection);
            return updated;
        });
        verdict = connection.join(room.name(), room.jobId());
        if (verdict != Connection.Join.JOINED && verdict != Connection.Join.ALREADY_IN) {
            remove(connection, room);
        }
        return verdict;
    }

    public void leave(Connection connection, Room room) {
        connection.leave(room.name(), room.jobId());
        remove(connection, room);
    }

    public void leaveAll(Connection connection) {
        for (String room : connection.close()) {
            remove(connection, new Room(room));
        }
    }
    /**
     * Delivers a job event of job J owned by client C (user U) to connections of C in
     * {@code job:J}, {@code client:C} or {@code user:U}, admin connections in {@code job:J},
     * and connections in {@code all-jobs}: each once, however many of its rooms match.
     */
    public void deliver(StoredEvent event) {
        String owner = event.clientId();
        String user = event.userId();
        Set<Connection> inJob = members.get(Room.job(event.jobId()));
        Set<Connection> inClient = members.get(Room.client(owner));
        Set<Connection> inUser = event.userId() == null ? null : members.get(Room.user(event.userId()));
        Set<Connection> inAllJobs = members.get(Room.ALL_JOBS);
        List<Connection> receivers = new ArrayList<>();
        if (inClient == null && inUser == null && inAllJobs == null) {
            // The common case, only the job's own room: nobody can be reached twice, so no set is built.
            addMembers(receivers, inJob, c -> c.identity().maySee(owner, user));
        } else {
            Set<Connection> once = new HashSet<>();
            addMembers(once, inJob, c -> c.identity().maySee(owner, user));
            addMembers(once, inClient, c -> c.identity().clientId().equals(owner) && c.identity().maySeeUser(user));
            addMembers(once, inUser, c -> c.identity().clientId().equals(owner) && c.identity().maySeeUser(user));
            addMembers(once, inAllJobs, c -> c.identity().isAdmin());
            receivers.addAll(once);
        }
        if (!receivers.isEmpty()) {
            lanes.deliver(event, receivers);
        }
    }

    int memberCount(Room room) {
        Set<Connection> inRoom = members.get(room);
        return inRoom == null ? 0 : inRoom.size();
    }

    private static void addMembers(Collection<Connection> targets, Set<Connection> inRoom, Predicate<Connection> mayReceive) {
        if (inRoom != null) {
            for (Connection connection : inRoom) {
                if (mayReceive.test(connection)) {
                    targets.add(connection);
                }
            }
        }
    }

    private void remove(Connection connection, Room room) {
        members.computeIfPresent(room, (r, inRoom) -> {
            inRoom.remove(connection);
            return inRoom.isEmpty() ? null : inRoom;
        });
    }
}
