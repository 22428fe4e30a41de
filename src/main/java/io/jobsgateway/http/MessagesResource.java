package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Broadcast;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.config.Settings;
import io.jobsgateway.wire.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
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
 * {@code POST /api/messages}: a {@code message} to every connection of the key's client, or
 * with {@code userId} to that user's; an admin key reaches every client; a key bound to a
 * user reaches only that user's connections.
 */
@Path("messages")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    /** The answer: an empty object, the message being on its way. */
    @Schema(name = Accepted.SCHEMA, description = "An empty object: the message is on its way")
    public record Accepted() {
        static final String SCHEMA = "MessageAccepted";
    }

    @Inject
    HttpAccess access;
    @Inject
    IdempotentRequests idempotent;
    @Inject
    Settings settings;
    @Inject
    WireFormat wire;
    @Inject
    Event<Broadcast> broadcasts;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "sendMessage", summary = "Send a message to connected clients",
            description = "Needs the publish scope. A message to every connection of the key's client, or with"
                    + " userId to that user's; an admin key reaches every connection of every client.")
    @SecurityRequirement(name = "bearer")
    @SecurityRequirement(name = "apiKey")
    @Parameters(@Parameter(name = IdempotentRequests.HEADER, in = ParameterIn.HEADER, description = IdempotentRequests.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING, pattern = "^" + Identifiers.PATTERN + "$")))
    @APIResponse(responseCode = "202", description = "On its way to the connections",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Accepted.SCHEMA)))
    @APIResponse(responseCode = "400", description = "A malformed body or Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "401", description = "No valid API key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "403", description = "The key lacks the publish scope, or is bound to a user and names another",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being answered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "413", description = "The body is over jobs.max-event-bytes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "415", description = "A Content-Type other than JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "429", description = "Past jobs.rate-limit.publish-per-second for this key",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    @APIResponse(responseCode = "503", description = "Cluster mode: Redis is unreachable; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiError.Body.SCHEMA)))
    public Response send(@Context HttpHeaders headers,
                         @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                 schema = @Schema(ref = MessageRequest.SCHEMA))) InputStream content) {
        Identity who = access.publisher(headers);
        return idempotent.run(who, headers, () -> send(who, headers, content));
    }

    private Response send(Identity who, HttpHeaders headers, InputStream content) {
        MessageRequest request = MessageRequest.read(JsonBody.read(headers, content, settings.bounds().maxEventBytes(), false));
        String clientId = who.isAdmin() ? null : who.clientId();
        String userId = request.userId();
        if (who.userId() != null && !who.isAdmin()) {
            // A key bound to a user is one person: it messages only its own user.
            if (userId != null && !userId.equals(who.userId())) {
                throw ApiError.forbidden("this API key is bound to user " + who.userId() + " and may message only that user");
            }
            userId = who.userId();
        }
        broadcasts.fire(new Broadcast(clientId, userId, request.event(), request.data(), Instant.now()));
        return Response.accepted(wire.toJson(new Accepted())).build();
    }
}
