package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.Connection;
import io.jobsgateway.rooms.Room;
import io.jobsgateway.rooms.Rooms;
import io.jobsgateway.access.Identity;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.Replay;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.wire.Messages;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Answers what a client sends: limits first, then one request at a time, as the contract says. */
@ApplicationScoped
class Requests {

    @Inject
    Settings settings;
    @Inject
    Rooms rooms;
    @Inject
    JobLog jobLog;
    @Inject
    WireFormat wire;

    void handle(Socket socket, String text) {
        Connection connection = socket.connection();
        long now = System.nanoTime();
        connection.heardFrom(now);
        RateWindow.Verdict verdict = socket.rate().record(now);
        if (tooBig(text)) {
            CloseCodes.MESSAGE_TOO_BIG.close(connection);
            return;
        }
        if (verdict == RateWindow.Verdict.CLOSE) {
            CloseCodes.POLICY_VIOLATION.close(connection);
            return;
        }
        Request request;
        try {
            request = RequestParser.parse(text);
        } catch (BadRequest e) {
            error(connection, verdict == RateWindow.Verdict.REFUSE ? "rate_limited" : "bad_request",
                    verdict == RateWindow.Verdict.REFUSE ? rateMessage() : e.getMessage(), e.id());
            return;
        }
        if (verdict == RateWindow.Verdict.REFUSE) {
            error(connection, "rate_limited", rateMessage(), request.id());
        } else if (request instanceof Request.Subscribe subscribe) {
            subscribe(connection, subscribe);
        } else if (request instanceof Request.Unsubscribe unsubscribe) {
            unsubscribe(connection, unsubscribe);
        } else if (request instanceof Request.History history) {
            history(connection, history);
        }
        // a pong needs no answer: receiving it was enough to keep the connection alive
    }

    private void subscribe(Connection connection, Request.Subscribe request) {
        Room room = room(connection, request.selector(), request.id());
        if (room == null) {
            return;
        }
        String jobId = room.jobId();
        if (request.since() == null) {
            if (joined(connection, room, request.id())) {
                connection.send(reply("subscribed", room, null, null, request.id()));
            }
            return;
        }
        // Hold live events of the job from before the history is read, so none falls between.
        connection.startReplay(jobId);
        if (!joined(connection, room, request.id())) {
            connection.cancelReplay(jobId);
            return;
        }
        Replay replay;
        try {
            replay = jobLog.readableBy(jobId, connection.identity()) ? jobLog.since(jobId, request.since(), request.epoch())
                    : Replay.unknownJob(request.since(), request.epoch());
        } catch (ClusterUnavailableException e) {
            replay = Replay.unreadable(request.since()); // the client learns it may have missed events
        }
        connection.finishReplay(jobId, reply("subscribed", room, replay.recovered(), replay.epoch(), request.id()),
                replay.events(), replay.epoch(), replay.position());
    }

    /** Joins the room, or answers why not: true when the connection is in it. */
    private boolean joined(Connection connection, Room room, JsonValue id) {
        return switch (rooms.join(connection, room)) {
            case JOINED, ALREADY_IN -> true;
            case FULL -> {
                error(connection, "too_many_subscriptions", "a connection may be in at most "
                        + settings.maxSubscriptions() + " rooms", id);
                yield false;
            }
            case CLOSED -> false; // closing: nothing more is sent
        };
    }

    private void unsubscribe(Connection connection, Request.Unsubscribe request) {
        Room room = room(connection, request.selector(), request.id());
        if (room != null) {
            rooms.leave(connection, room);
            connection.send(wire.toJson(new Messages.RoomReply("unsubscribed", room.name(), null, null, null,
                    request.id())));
        }
    }

    private void history(Connection connection, Request.History request) {
        List<String> events;
        try {
            events = jobLog.readableBy(request.jobId(), connection.identity())
                    ? jobLog.latest(request.jobId(), request.limit()).stream().map(StoredEvent::json).toList()
                    : List.of();
        } catch (ClusterUnavailableException e) {
            error(connection, "unavailable", "history cannot be read now: the cluster store is unreachable",
                    request.id());
            return;
        }
        connection.send(wire.history(request.jobId(), events, request.id()));
    }

    /** The room a selector names, or null after answering {@code forbidden}. */
    private Room room(Connection connection, Request.Selector selector, JsonValue id) {
        Identity who = connection.identity();
        if (selector.all()) {
            if (!who.isAdmin()) {
                error(connection, "forbidden", "all-jobs needs an API key with the admin scope", id);
                return null;
            }
            return Room.ALL_JOBS;
        }
        if (selector.jobId() != null) {
            return Room.job(selector.jobId());
        }
        if (selector.userId() != null) {
            if (who.userId() != null && !who.userId().equals(selector.userId())) {
                error(connection, "forbidden", "this API key is bound to another user", id);
                return null;
            }
            return Room.user(selector.userId());
        }
        return Room.client(who.clientId());
    }

    private String reply(String type, Room room, Boolean recovered, String epoch, JsonValue id) {
        return wire.toJson(new Messages.RoomReply(type, room.name(), room.jobId(), recovered, epoch, id));
    }

    private void error(Connection connection, String code, String message, JsonValue id) {
        connection.send(wire.toJson(new Messages.Error(code, message, id)));
    }

    private String rateMessage() {
        return "more than " + settings.rateLimitPerSecond() + " messages in a second; at "
                + settings.rateLimitPerSecond() * RateWindow.CLOSE_AT_TIMES_LIMIT + " the connection is closed";
    }

    private boolean tooBig(String text) {
        int limit = settings.maxMessageBytes();
        // A UTF-8 character takes at most 3 bytes per UTF-16 unit: most frames need no encoding to tell.
        return (long) text.length() * 3 > limit && text.getBytes(StandardCharsets.UTF_8).length > limit;
    }
}
