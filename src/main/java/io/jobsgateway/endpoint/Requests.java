package io.jobsgateway.endpoint;

import io.jobsgateway.delivery.Connection;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.rooms.ForbiddenRoom;
import io.jobsgateway.rooms.Room;
import io.jobsgateway.rooms.Selector;
import io.jobsgateway.rooms.Subscriptions;
import io.jobsgateway.cluster.ClusterUnavailableException;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.JobLog;
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
    Subscriptions subscriptions;
    @Inject
    JobLog jobLog;
    @Inject
    WireFormat wire;
    @Inject
    GatewayMetrics metrics;

    void handle(Socket socket, String text) {
        Connection connection = socket.connection();
        long now = System.nanoTime();
        connection.heardFrom(now);
        RateWindow.Verdict verdict = socket.rate().record(now);
        if (verdict == RateWindow.Verdict.REFUSE) {
            metrics.rateLimited();
        }
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
        Subscriptions.Outcome outcome = subscriptions.subscribe(connection, room, request.since(), request.epoch(),
                request.id());
        if (outcome.join() == Connection.Join.FULL) {
            error(connection, "too_many_subscriptions", "a connection may be in at most "
                    + settings.maxSubscriptions() + " rooms", request.id());
        } // CLOSED: closing, nothing more is sent
    }

    private void unsubscribe(Connection connection, Request.Unsubscribe request) {
        Room room = room(connection, request.selector(), request.id());
        if (room != null) {
            subscriptions.unsubscribe(connection, room, request.id());
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
    private Room room(Connection connection, Selector selector, JsonValue id) {
        try {
            return subscriptions.room(connection.identity(), selector);
        } catch (ForbiddenRoom e) {
            error(connection, "forbidden", e.getMessage(), id);
            return null;
        }
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
