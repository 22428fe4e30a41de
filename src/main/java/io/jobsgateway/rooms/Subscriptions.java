package io.jobsgateway.rooms;

import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.Replay;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/**
 * Which rooms an identity may enter, and entering one with or without a {@code since} resume:
 * the same for every transport (contract sections 4, 5 and 8).
 */
@ApplicationScoped
public class Subscriptions {

    @Inject
    Rooms rooms;
    @Inject
    JobLog jobLog;
    @Inject
    WireFormat wire;
    @Inject
    GatewayMetrics metrics;

    /** What {@link #subscribe} did: the join's verdict, and the replay when it resumed (else null). */
    public record Outcome(Connection.Join join, Replay replay) {

        public boolean joined() {
            return join == Connection.Join.JOINED || join == Connection.Join.ALREADY_IN;
        }
    }

    /** The room a selector names for {@code who}. */
    public Room room(Identity who, Selector selector) throws ForbiddenRoom {
        if (selector.all()) {
            if (!who.isAdmin()) {
                throw new ForbiddenRoom("all-jobs needs an API key with the admin scope");
            }
            return Room.ALL_JOBS;
        }
        if (selector.jobId() != null) {
            return Room.job(selector.jobId());
        }
        if (selector.userId() != null) {
            if (who.userId() != null && !who.userId().equals(selector.userId())) {
                throw new ForbiddenRoom("this API key is bound to another user");
            }
            return Room.user(selector.userId());
        }
        return Room.client(who.clientId());
    }

    /**
     * Enters the room and, once in it, queues the {@code subscribed} reply (echoing {@code id});
     * with {@code since} (a job room only) the events after it follow, then the live ones, none
     * twice and none missing. A job the connection may not see replays as an unknown one.
     */
    public Outcome subscribe(Connection connection, Room room, Long since, String epoch, JsonValue id) {
        String jobId = room.jobId();
        if (since == null || jobId == null) {
            Connection.Join join = rooms.join(connection, room);
            Outcome outcome = new Outcome(join, null);
            if (outcome.joined()) {
                connection.send(reply(room, null, null, id));
            }
            return outcome;
        }
        // Hold live events of the job from before the history is read, so none falls between.
        connection.startReplay(jobId);
        Outcome joining = new Outcome(rooms.join(connection, room), null);
        if (!joining.joined()) {
            connection.cancelReplay(jobId);
            return joining;
        }
        Replay replay;
        try {
            replay = jobLog.readableBy(jobId, connection.identity()) ? jobLog.since(jobId, since, epoch)
                    : Replay.unknownJob(since, epoch);
        } catch (ClusterUnavailableException e) {
            replay = Replay.unreadable(since); // the client learns it may have missed events
        }
        connection.finishReplay(jobId, reply(room, replay.recovered(), replay.epoch(), id), replay.events(),
                replay.epoch(), replay.position());
        metrics.resumed(replay.recovered());
        return new Outcome(joining.join(), replay);
    }

    public void unsubscribe(Connection connection, Room room, JsonValue id) {
        rooms.leave(connection, room);
        connection.send(wire.toJson(new Messages.RoomReply("unsubscribed", room.name(), null, null, null, id)));
    }

    private String reply(Room room, Boolean recovered, String epoch, JsonValue id) {
        return wire.toJson(new Messages.RoomReply("subscribed", room.name(), room.jobId(), recovered, epoch, id));
    }
}
