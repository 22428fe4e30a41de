package io.jobsgateway.stream;

import io.jobsgateway.access.Identity;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.rooms.Entrance;
import io.jobsgateway.rooms.ForbiddenRoom;
import io.jobsgateway.rooms.Room;
import io.jobsgateway.rooms.Selector;
import io.jobsgateway.rooms.Subscriptions;
import io.jobsgateway.wire.JobEventParts.Place;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /api/stream}: the rooms of contract section 8 as Server-Sent Events, on an
 * asynchronous servlet so that an open stream holds no thread. Everything is checked before
 * the stream starts (errors are plain HTTP); then it is a connection like a WebSocket's, in the
 * same rooms, with the same outbox, limits and heartbeat.
 */
@WebServlet(urlPatterns = "/api/stream", asyncSupported = true)
public class EventStreamServlet extends HttpServlet {

    /** How a stream's end counts when the gateway did not end it: as a WebSocket client's going away. */
    private static final int GOING_AWAY = 1001;
    private static final String CLIENT_LEFT = "the stream ended";

    @Inject
    StreamAccess access;
    @Inject
    Subscriptions subscriptions;
    @Inject
    Entrance entrance;
    @Inject
    OpenStreams streams;
    @Resource
    ManagedExecutorService executor;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpParts parts = new HttpParts(request);
        Identity who = null;
        StreamRequest asked;
        List<Room> rooms = new ArrayList<>();
        String id;
        try {
            who = access.identify(parts.headers(), parts.query(), request.getUserPrincipal(), true, parts.origin());
            asked = StreamRequest.parse(parts.query(), request.getHeader("Last-Event-ID"), access.maxRooms());
            for (Selector selector : asked.selectors()) {
                rooms.add(subscriptions.room(who, selector));
            }
            id = access.reserve(who);
        } catch (ApiError e) {
            access.refused(SseTransport.NAME, who, e).writeTo(response);
            return;
        } catch (BadStreamRequest e) {
            access.refused(SseTransport.NAME, who, ApiError.badRequest(e.getMessage())).writeTo(response);
            return;
        } catch (ForbiddenRoom e) {
            access.refused(SseTransport.NAME, who, ApiError.forbidden(e.getMessage())).writeTo(response);
            return;
        }
        start(request, response, parts, who, id, asked, rooms);
    }

    private void start(HttpServletRequest request, HttpServletResponse response, HttpParts parts, Identity who,
                       String id, StreamRequest asked, List<Room> rooms) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-transform");
        response.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
        parts.allowOrigin(response);
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // open until either side ends it; the heartbeat finds dead ones
        Set<String> jobRooms = rooms.stream().map(Room::jobId).filter(Objects::nonNull).collect(Collectors.toSet());
        SseTransport transport = new SseTransport(async, executor, jobRooms, asked.resume());
        streams.add(who, transport);
        Ending ending = new Ending(who, transport);
        async.addListener(ending);
        transport.start(ending::ended); // non-blocking before the first byte: Undertow refuses the switch after it
        Connection connection = entrance.open(id, who, transport);
        transport.attach(connection);
        ending.connection(connection);
        for (Room room : rooms) {
            Place place = room.jobId() == null ? null : asked.resume().get(room.jobId());
            subscriptions.subscribe(connection, room, place == null ? null : place.seq(),
                    place == null ? null : place.epoch(), null);
        }
    }

    /** Lets the connection out once its response ends, however it ends, also if it ended before it was known. */
    private final class Ending implements AsyncListener {

        private final Identity who;
        private final SseTransport transport;
        // guarded by this
        private Connection connection;
        private boolean ended;

        Ending(Identity who, SseTransport transport) {
            this.who = who;
            this.transport = transport;
        }

        synchronized void connection(Connection opened) {
            connection = opened;
            if (ended) {
                streams.remove(who, transport);
                entrance.forget(opened, GOING_AWAY, CLIENT_LEFT);
            }
        }

        void ended() {
            Connection opened;
            synchronized (this) {
                ended = true;
                opened = connection;
            }
            if (opened != null) {
                streams.remove(who, transport);
                opened.disconnect(0, null);
                entrance.forget(opened, GOING_AWAY, CLIENT_LEFT);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended();
        }

        @Override
        public void onError(AsyncEvent event) {
            ended();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
