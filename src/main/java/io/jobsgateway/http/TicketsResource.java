package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.access.Tickets;
import io.jobsgateway.config.Settings;
import io.jobsgateway.quirks.JsonP;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code POST /api/tickets}: 201 {@code {"ticket":"T","expiresInSeconds":30}}, a single-use
 * ticket for one WebSocket connection with the key's identity, so that the key itself never goes
 * into a URL (and from there into proxy and access logs). Any valid key may ask; no body is read.
 */
@Path("tickets")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TicketsResource {

    @Inject
    HttpAccess access;
    @Inject
    Tickets tickets;
    @Inject
    Settings settings;

    @POST
    public Response issue(@Context HttpHeaders headers) {
        Identity who = access.authenticate(headers);
        long ttl = settings.bounds().ticketTtlSeconds();
        String ticket = tickets.issue(who, Duration.ofSeconds(ttl));
        return Response.status(Response.Status.CREATED).entity(JsonP.createObjectBuilder()
                .add("ticket", ticket).add("expiresInSeconds", ttl).build().toString()).build();
    }
}
