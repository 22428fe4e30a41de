package io.jobsgateway.stream;

import io.jobsgateway.access.Identity;
import io.jobsgateway.delivery.Connection;
import io.jobsgateway.history.Replay;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.quirks.JsonP;
import io.jobsgateway.rooms.Entrance;
import io.jobsgateway.rooms.Room;
import io.jobsgateway.rooms.Subscriptions;
import io.jobsgateway.wire.JobEventParts.Place;
import io.jobsgateway.wire.Messages.JobEventMessage;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * {@code GET /api/poll} (contract section 8): a job's events after a position, at once when
 * there are any, else the first that comes within {@code wait} seconds. Nothing is kept between
 * polls, so any node answers any poll: each one joins the job rooms like a connection that
 * resumes (the same replay, order and de-duplication), answers, and leaves.
 */
@Path("poll")
@ApplicationScoped
@SecurityScheme(securitySchemeName = "login", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        apiKeyName = "JSESSIONID", description = "The session of a page whose user logged in through container"
                + " security (the cookie's name is the container's); accepted from the gateway's own origin unless"
                + " jobs.allowed-origins names others")
public class PollResource {

    /**
     * The answer to a poll. Its JSON is assembled by {@link #json}, the events joined as they were
     * stored rather than serialized again; this record describes it. (No {@code @Schema} on a list:
     * Payara then documents its items as arrays.)
     */
    @Schema(name = Answer.SCHEMA, requiredProperties = {"events", "positions", "recovered"},
            description = "The jobs' events after their positions, each job's in seq order, and where to poll from next")
    @JsonbPropertyOrder({"events", "positions", "recovered"})
    public record Answer(
            List<JobEventMessage> events,
            @Schema(description = "By job id: where to poll from next (since and epoch)", additionalProperties = Position.class)
            Map<String, Position> positions,
            @Schema(description = "By job id: false when some events after the position asked for are gone (trimmed,"
                    + " expired or of another epoch), and the events start at the oldest stored",
                    additionalProperties = Boolean.class) Map<String, Boolean> recovered) {
        static final String SCHEMA = "PollAnswer";

        static String json(List<String> events, Map<String, Place> places, Map<String, Boolean> recovered) {
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
            return "{\"events\":[" + String.join(",", events) + "],\"positions\":" + positions.build()
                    + ",\"recovered\":" + recoveries.build() + "}";
        }
    }

    /** Where a poll stands in one job. */
    @Schema(name = Position.SCHEMA, requiredProperties = "seq")
    @JsonbPropertyOrder({"seq", "epoch"})
    public record Position(@Schema(type = SchemaType.INTEGER, format = "int64", description = "The since of the next poll")
                           long seq,
                           @Schema(description = "The epoch of the next poll; left out while the job has none")
                           String epoch) {
        static final String SCHEMA = "PollPosition";
    }

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
    @Operation(operationId = "poll", summary = "Long-poll job events",
            description = "The fallback transport of contract section 8 for job rooms: answers at once when a job has"
                    + " events after its position, else holds the request up to wait seconds for the first one. No"
                    + " state between polls: any node answers any poll. The key as a header or a login, never a ticket.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @SecurityRequirement(name = "login")
    @Parameter(name = "jobId", in = ParameterIn.QUERY, required = true, explode = Explode.TRUE,
            description = "A job to poll (" + Identifiers.RULE + "); repeat for more, up to jobs.max-subscriptions",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "since", in = ParameterIn.QUERY, explode = Explode.TRUE,
            description = "The seq seen last of the jobId of the same place in the query; 0 when left out",
            schema = @Schema(type = SchemaType.ARRAY, implementation = Long.class, format = "int64"))
    @Parameter(name = "epoch", in = ParameterIn.QUERY, explode = Explode.TRUE,
            description = "The epoch seen last of the jobId of the same place in the query",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "Seconds to hold the request while no event comes",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + PollRequest.MAX_WAIT_SECONDS,
                    defaultValue = "" + PollRequest.DEFAULT_WAIT_SECONDS))
    @APIResponse(responseCode = "200", description = "The events, possibly none, and where to poll from next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Answer.SCHEMA)))
    @APIResponse(responseCode = "400", description = "A malformed query, or a room other than jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key or login",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "403", description = "An Origin not in jobs.allowed-origins",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "The key has jobs.max-connections-per-key connections open already",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
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
            Response.ResponseBuilder ok = Response.ok(Answer.json(taken.events(), places, recovered),
                            MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store");
            HttpParts.corsHeaders(origin).forEach(ok::header);
            response.resume(ok.build());
        }
    }
}
