package io.jobsgateway.http;

import io.jobsgateway.quirks.JsonP;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An HTTP error as the contract writes it: {@code {"error":"<code>","message":"..."}}; thrown in a
 * resource, or written by a servlet ({@link #writeTo}) with the same status, headers and body.
 */
public final class ApiError extends WebApplicationException {

    /**
     * The body of every error answer. Written with JSON-P, not JSON-B: errors are thrown from static
     * factories, servlets included, where no {@code WireFormat} bean is at hand; {@code ApiErrorTest}
     * holds JSON-B's reading of the record to the same bytes.
     */
    @Schema(name = Body.SCHEMA, requiredProperties = {"error", "message"},
            description = "Every error answer of the HTTP API")
    @JsonbPropertyOrder({"error", "message"})
    public record Body(
            @Schema(description = "What went wrong, for programs", enumeration = {"bad_request", "unauthorized",
                    "forbidden", "not_found", "conflict", "too_large", "unsupported_media_type", "rate_limited",
                    "too_many_connections", "too_many_demo_jobs", "unavailable"})
            String error,
            @Schema(description = "What went wrong and what to do, for people") String message) {

        public static final String SCHEMA = "ApiError";

        String toJson() {
            return JsonP.createObjectBuilder().add("error", error).add("message", message).build().toString();
        }
    }

    private final String code;

    ApiError(Response.Status status, String code, String message) {
        this(Response.status(status), code, message);
    }

    private ApiError(Response.ResponseBuilder response, String code, String message) {
        super(message, null, response.type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(code, message).toJson()).build());
        this.code = code;
    }

    /** This error as the answer about element {@code index} of a batch: its status and code, the message naming the element. */
    ApiError inElement(int index) {
        return new ApiError(Response.status(getResponse().getStatus()), code, "element " + index + ": " + getMessage());
    }

    public static ApiError badRequest(String message) {
        return new ApiError(Response.Status.BAD_REQUEST, "bad_request", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(Response.Status.UNAUTHORIZED, "unauthorized", message);
    }

    /** The key has {@code jobs.max-connections-per-key} open already (contract section 8). */
    public static ApiError tooManyConnections() {
        return new ApiError(Response.status(429).header("Retry-After", 5), "too_many_connections",
                "this API key has jobs.max-connections-per-key connections open already");
    }

    public static ApiError unavailable() {
        return new ApiError(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                "the cluster store (Redis) is unreachable now; retry in a while");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(Response.Status.FORBIDDEN, "forbidden", message);
    }

    static ApiError rateLimited(int perSecond, long retryAfterSeconds) {
        String message = "more than jobs.rate-limit.publish-per-second = " + perSecond + " requests of this API key"
                + " in a second; retry after " + retryAfterSeconds + " s";
        return new ApiError(Response.status(429).header("Retry-After", retryAfterSeconds), "rate_limited", message);
    }

    public static ApiError tooManyDemoJobs(int running) {
        return new ApiError(Response.status(429).header("Retry-After", 1), "too_many_demo_jobs",
                running + " demo jobs run already (jobs.demo.max-running-jobs); start another when one ends");
    }

    public static ApiError tooLarge(int maxBytes) {
        return tooLarge("the body, or the event it makes, is over jobs.max-event-bytes = " + maxBytes + " bytes");
    }

    static ApiError tooLarge(String message) {
        return new ApiError(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", message);
    }

    public static ApiError unsupportedMediaType(String message) {
        return new ApiError(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(Response.Status.NOT_FOUND, "not_found", message);
    }

    /** Answers a servlet's request with this error, as Jakarta REST would: its status, headers and JSON body. */
    public void writeTo(HttpServletResponse response) throws IOException {
        Response answer = getResponse();
        response.setStatus(answer.getStatus());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, String.valueOf(value))));
        response.setContentType("application/json");
        byte[] body = String.valueOf(answer.getEntity()).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
