package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Broadcast;
import io.jobsgateway.bus.Bus;
import io.jobsgateway.config.Settings;
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

/**
 * {@code POST /api/messages}: a {@code message} to every connection of the key's client, or
 * with {@code userId} to that user's; an admin key reaches every client; a key bound to a
 * user reaches only that user's connections.
 */
@Path("messages")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {

    static final int MAX_EVENT_NAME = 128;

    @Inject
    HttpAccess access;
    @Inject
    IdempotentRequests idempotent;
    @Inject
    Settings settings;
    @Inject
    Event<Broadcast> broadcasts;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response send(@Context HttpHeaders headers, InputStream content) {
        Identity who = access.publisher(headers);
        return idempotent.run(who, headers, () -> send(who, headers, content));
    }

    private Response send(Identity who, HttpHeaders headers, InputStream content) {
        JsonBody body = JsonBody.read(headers, content, settings.bounds().maxEventBytes(), false);
        String event = body.string("event");
        if (event == null || event.length() > MAX_EVENT_NAME) {
            throw ApiError.badRequest("event must be a string of 1 to " + MAX_EVENT_NAME + " characters");
        }
        String clientId = who.isAdmin() ? null : who.clientId();
        String userId = body.id("userId");
        if (who.userId() != null && !who.isAdmin()) {
            // A key bound to a user is one person: it messages only its own user.
            if (userId != null && !userId.equals(who.userId())) {
                throw ApiError.forbidden("this API key is bound to user " + who.userId() + " and may message only that user");
            }
            userId = who.userId();
        }
        broadcasts.fire(new Broadcast(clientId, userId, event, body.object("data"), Instant.now()));
        return Response.accepted("{}").build();
    }
}
