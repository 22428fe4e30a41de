package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.bus.StoredEvent;
import io.jobsgateway.config.Settings;
import io.jobsgateway.history.EventTooLargeException;
import io.jobsgateway.history.JobLog;
import io.jobsgateway.history.Publication;
import io.jobsgateway.ops.GatewayMetrics;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/events}: many jobs' events in one request, each element by the rules of
 * {@code POST /api/jobs/{jobId}/events}. Every element is read and checked before anything is
 * stored, in two passes: first its shape (400 naming the first malformed element), then what the
 * key may publish (403 naming the first element it may not); then every event's size (413 naming
 * the first too large). Only then are they stored, in order; an element whose job belongs to
 * another client is answered {@code {"jobId","error":"forbidden"}} in its place and the others
 * are stored. For the rate limit and {@code Idempotency-Key} a batch is one request.
 */
@Path("events")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class EventBatchResource {

    /** The most elements a batch may have; its body may be this many times {@code jobs.max-event-bytes}. */
    static final int MAX_ELEMENTS = 1000;

    /** One element's answer: where its event stands in its job, or why it was not stored. */
    @Schema(name = Entry.SCHEMA, requiredProperties = "jobId",
            description = "The answer for one element, at its place: its seq when stored, else its error")
    @JsonbPropertyOrder({"jobId", "seq", "error"})
    public record Entry(String jobId,
                        @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1",
                                description = "Where the event stands in its job; left out when it was not stored") Long seq,
                        @Schema(enumeration = "forbidden", description = "Left out when the event was stored; forbidden:"
                                + " the job belongs to another client") String error) {
        static final String SCHEMA = "PublishedBatchEntry";
        static final String FORBIDDEN = "forbidden";
    }

    /** The answer to a batch. (No {@code @Schema} on the list: Payara then documents its items as arrays.) */
    @Schema(name = Published.SCHEMA, requiredProperties = "events",
            description = "One entry per element of the batch, in the order given")
    public record Published(List<Entry> events) {
        static final String SCHEMA = "PublishedBatch";
    }

    @Inject
    HttpAccess access;
    @Inject
    IdempotentRequests idempotent;
    @Inject
    Settings settings;
    @Inject
    JobLog jobLog;
    @Inject
    WireFormat wire;
    @Inject
    GatewayMetrics metrics;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "publishEvents", summary = "Publish events of many jobs at once",
            description = "Needs the publish scope. Each element is a single publish's body plus its jobId, by the"
                    + " same rules; the events of one job are stored in the order given. Nothing is stored when an"
                    + " element is malformed (400), not the key's to publish (403) or too large (413); the message"
                    + " names the first such element (counted from 0). An element whose job belongs to another"
                    + " client is answered forbidden in its place, and the others are stored.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Parameters(@Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, pattern = "^" + Identifiers.PATTERN + "$")))
    @APIResponse(responseCode = "202", description = "Stored, but for the elements answered forbidden, and on their way",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Published.SCHEMA)))
    @APIResponse(responseCode = "400", description = "Not an array of 1 to 1000 objects, a malformed element (named),"
            + " or a malformed Idempotency-Key; nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "403", description = "The key lacks the publish scope, or an element (named) names"
            + " another client without admin or another user while bound to one; nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being answered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "413", description = "The body is over 1000 × jobs.max-event-bytes, or an element's"
            + " event (named) over jobs.max-event-bytes; nothing stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "415", description = "A Content-Type other than JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "Past jobs.rate-limit.publish-per-second for this key (a batch is one request)",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response publish(@Context HttpHeaders headers,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(type = SchemaType.ARRAY, implementation = EventElement.class,
                                            minItems = 1, maxItems = MAX_ELEMENTS))) InputStream content) {
        Identity who = access.publisher(headers);
        return idempotent.run(who, headers, () -> publish(who, headers, content));
    }

    private Response publish(Identity who, HttpHeaders headers, InputStream content) {
        int maxEventBytes = settings.bounds().maxEventBytes();
        long maxBytes = Math.min((long) MAX_ELEMENTS * maxEventBytes, Integer.MAX_VALUE - 16);
        List<JsonBody> bodies = JsonBody.readArray(headers, content, (int) maxBytes, MAX_ELEMENTS,
                () -> ApiError.tooLarge("the body is over " + MAX_ELEMENTS + " × jobs.max-event-bytes = " + maxBytes + " bytes"));
        List<EventElement> elements = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            JsonBody body = bodies.get(i);
            elements.add(inElement(i, () -> EventElement.read(body)));
        }
        List<Publication> publications = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            EventElement element = elements.get(i);
            publications.add(inElement(i, () -> element.event().publication(who, element.jobId())));
        }
        List<Optional<StoredEvent>> stored;
        try {
            stored = jobLog.appendAll(publications);
        } catch (EventTooLargeException e) {
            throw ApiError.tooLarge("the event it makes is over jobs.max-event-bytes = " + maxEventBytes
                    + " bytes; nothing was stored").inElement(e.index());
        }
        List<Entry> entries = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            String jobId = elements.get(i).jobId();
            entries.add(stored.get(i).map(event -> new Entry(jobId, event.seq(), null))
                    .orElseGet(() -> new Entry(jobId, null, Entry.FORBIDDEN)));
            stored.get(i).ifPresent(event -> metrics.published(GatewayMetrics.Source.HTTP));
        }
        return Response.accepted(wire.toJson(new Published(entries))).build();
    }

    /** What {@code step} makes of element {@code index}, its error naming the element. */
    private static <T> T inElement(int index, Supplier<T> step) {
        try {
            return step.get();
        } catch (ApiError e) {
            throw e.inElement(index);
        }
    }
}
