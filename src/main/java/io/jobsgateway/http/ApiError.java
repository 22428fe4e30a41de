package io.jobsgateway.http;

import io.jobsgateway.quirks.JsonP;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An HTTP error as the contract writes it: {@code {"error":"<code>","message":"..."}}. */
public final class ApiError extends WebApplicationException {

    ApiError(Response.Status status, String code, String message) {
        super(message, null, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JsonP.createObjectBuilder().add("error", code).add("message", message).build().toString())
                .build());
    }

    public static ApiError badRequest(String message) {
        return new ApiError(Response.Status.BAD_REQUEST, "bad_request", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Response.Status.FORBIDDEN, "forbidden", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", message);
    }
}
