package io.jobsgateway.stream;

import io.jobsgateway.access.Identity;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.history.Replay;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.quirks.JsonP;
import io.jobsgateway.rooms.Entrance;
import io.jobsgateway.rooms.Room;
import io.jobsgateway.rooms.Subscriptions;
import io.jobsgateway.wire.JobEventParts.Place;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/poll} (contract section 8): a job's events after a position, at once when
 * there are any, else the first that comes within {@code wait} seconds. Nothing is kept between
 * polls, so any node answers any poll: each one joins the job rooms like a connection that
 * resumes (the same replay, order and de-duplication), answers, and leaves.
 */
@Path("poll")
@ApplicationScoped
public class PollResource {

    @Inject
    StreamAccess access;
    @Inject
    Subscriptions subscriptions;
    @Inject
    Entrance entrance;
    @Resource
    ManagedScheduledExecutorService scheduler;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public void poll(@Context HttpHeaders headers, @Context UriInfo uri, @Context SecurityContext security,
                     @Suspended AsyncResponse response) {
        String origin = headers.getHeaderString("Origin");
        // The key as a header, or a login: never in the URL, and never a ticket (a poll repeats).
        Identity who = null;
        PollRequest asked;
        String id;
        try {
            who = access.identify(headers.getRequestHeaders(), Map.of(), security.getUserPrincipal(), false, origin);
            asked = PollRequest.parse(uri.getQueryParameters(), access.maxRooms());
            id = access.reserve(who);
        } catch (BadStreamRequest e) {
            throw access.refused(PollTransport.NAME, who, ApiError.badRequest(e.getMessage()));
        } catch (ApiError e) {
            throw access.refused(PollTransport.NAME, who, e);
        }
        PollTransport transport = new PollTransport();
        Connection connection = entrance.open(id, who, transport);
        transport.attach(connection);
        Held held = new Held(response, connection, transport, origin);
        for (PollRequest.Position position : asked.positions()) {
            Subscriptions.Outcome outcome = subscriptions.subscribe(connection, Room.job(position.jobId()),
                    position.since(), position.epoch(), null);
            held.started(position, outcome.replay());
        }
        if (asked.waitSeconds() == 0) {
            held.answer();
            return;
        }
        held.timer = scheduler.schedule(held::answer, asked.waitSeconds(), TimeUnit.SECONDS);
        transport.waitFor(() -> scheduler.execute(held::answer)); // off the lane that brought the event
    }

    /** One poll being held: where each of its jobs stood after its replay, and the answer, once. */
    private final class Held {

        private final AsyncResponse response;
        private final Connection connection;
        private final PollTransport transport;
        private final String origin;
        private final Map<String, Place> places = new LinkedHashMap<>();
        private final Map<String, Boolean> recovered = new LinkedHashMap<>();
        private final AtomicBoolean answered = new AtomicBoolean();
        volatile Future<?> timer;

        Held(AsyncResponse response, Connection connection, PollTransport transport, String origin) {
            this.response = response;
            this.connection = connection;
            this.transport = transport;
            this.origin = origin;
        }

        /** Before any answer: set on the request's thread only. */
        void started(PollRequest.Position asked, Replay replay) {
            String jobId = asked.jobId();
            if (replay == null) { // not joined: the connection is closing
                places.put(jobId, new Place(jobId, asked.since(), asked.epoch()));
                recovered.put(jobId, false);
                return;
            }
            places.put(jobId, new Place(jobId, replay.position(), replay.epoch()));
            recovered.put(jobId, replay.recovered());
        }

        void answer() {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            Future<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            PollTransport.Taken taken = transport.take();
            entrance.forget(connection, 1000, "poll answered");
            places.putAll(taken.places());
            Response.ResponseBuilder ok = Response.ok(body(taken.events()), MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store");
            HttpParts.corsHeaders(origin).forEach(ok::header);
            response.resume(ok.build());
        }

        private String body(List<String> events) {
            JsonObjectBuilder positions = JsonP.createObjectBuilder();
            JsonObjectBuilder recoveries = JsonP.createObjectBuilder();
            places.forEach((jobId, place) -> {
                JsonObjectBuilder position = JsonP.createObjectBuilder().add("seq", place.seq());
                if (place.epoch() != null) {
                    position.add("epoch", place.epoch());
                }
                positions.add(jobId, position);
            });
            recovered.forEach(recoveries::add);
            // The events are JSON already: joined, not serialized again.
            return "{\"events\":[" + String.join(",", events) + "],\"positions\":" + positions.build()
                    + ",\"recovered\":" + recoveries.build() + "}";
        }
    }
}
