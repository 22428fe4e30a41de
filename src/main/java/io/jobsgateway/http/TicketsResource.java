package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.access.Tickets;
import io.jobsgateway.config.Settings;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/tickets}: 201 {@code {"ticket":"T","expiresInSeconds":30}}, a single-use
 * ticket for one WebSocket connection with the key's identity, so that the key itself never goes
 * into a URL (and from there into proxy and access logs). Any valid key may ask; no body is read.
 */
@Path("tickets")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TicketsResource {

    @Schema(name = Issued.SCHEMA, requiredProperties = {"ticket", "expiresInSeconds"})
    @JsonbPropertyOrder({"ticket", "expiresInSeconds"})
    public record Issued(
            @Schema(description = "Valid once: as ?ticket=T of ws://HOST/jobs or of GET /api/stream") String ticket,
            @Schema(type = SchemaType.INTEGER, format = "int64",
                    description = "jobs.ticket.ttl-seconds: the ticket is refused after this") long expiresInSeconds) {
        static final String SCHEMA = "Ticket";
    }

    @Inject
    HttpAccess access;
    @Inject
    Tickets tickets;
    @Inject
    Settings settings;
    @Inject
    WireFormat wire;

    @POST
    @Operation(operationId = "issueTicket", summary = "Get a single-use connection ticket",
            description = "For one WebSocket or event stream connection with this key's identity, so that no key"
                    + " stands in a URL. Any valid key; no body.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @APIResponse(responseCode = "201", description = "The ticket",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Issued.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "Past jobs.rate-limit.publish-per-second for this key",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response issue(@Context HttpHeaders headers) {
        Identity who = access.authenticate(headers);
        long ttl = settings.bounds().ticketTtlSeconds();
        String ticket = tickets.issue(who, Duration.ofSeconds(ttl));
        return Response.status(Response.Status.CREATED).entity(wire.toJson(new Issued(ticket, ttl))).build();
    }
}
