package io.jobsgateway.http;

import io.jobsgateway.access.Identity;
import io.jobsgateway.api.Identifiers;
import io.jobsgateway.cluster.Answers;
import io.jobsgateway.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on the publish endpoints (contract section 6): a request that repeats
 * the key of an earlier request of the same API key within {@code jobs.idempotency.ttl-seconds}
 * gets the first request's answer, and nothing is stored again. A first answer of 5xx (Redis
 * unreachable) is not kept: the retry tries again. A repeat that arrives while the first is still
 * being answered waits for it, a few seconds at most, then gets 409.
 */
@ApplicationScoped
class IdempotentRequests {

    static final String HEADER = "Idempotency-Key";
    /**
     * The header as the OpenAPI document describes it: in {@code @Parameters}, even alone, because
     * Payara keeps a method's lone {@code @Parameter} only when it names a JAX-RS parameter.
     */
    static final String DESCRIPTION = "A repeat of an earlier request's key (same API key, within"
            + " jobs.idempotency.ttl-seconds, default 600) gets the first request's answer and stores nothing again";
    private static final long IN_FLIGHT_WAIT_MILLIS = 5000;
    private static final long POLL_MILLIS = 50;

    @Inject
    Answers answers;
    @Inject
    Settings settings;

    /** Answers the request with {@code handle}, or with what its first sending answered. */
    Response run(Identity who, HttpHeaders headers, Supplier<Response> handle) {
        String key = headers.getHeaderString(HEADER);
        if (key == null) {
            return handle.get();
        }
        if (!Identifiers.isValid(key)) {
            throw ApiError.badRequest(HEADER + " must be " + Identifiers.RULE);
        }
        String scope = who.keyId() + ":" + key;
        Duration ttl = Duration.ofSeconds(settings.bounds().idempotencyTtlSeconds());
        long deadline = System.nanoTime() + IN_FLIGHT_WAIT_MILLIS * 1_000_000;
        Answers.Claim claim;
        while (!(claim = answers.claim(scope, ttl)).first() && claim.earlier() == null) {
            if (System.nanoTime() > deadline) {
                throw new ApiError(Response.Status.CONFLICT, "conflict",
                        "a request with this " + HEADER + " is still being answered; retry in a moment");
            }
            pause();
        }
        if (!claim.first()) {
            return Response.status(claim.earlier().status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(claim.earlier().body()).build();
        }
        Response answer;
        try {
            answer = handle.get();
        } catch (WebApplicationException e) {
            keep(scope, e.getResponse(), ttl);
            throw e;
        } catch (RuntimeException e) {
            answers.release(scope);
            throw e;
        }
        keep(scope, answer, ttl);
        return answer;
    }

    private void keep(String scope, Response answer, Duration ttl) {
        if (answer.getStatus() >= 500 || !(answer.getEntity() instanceof String body)) {
            answers.release(scope);
        } else {
            answers.record(scope, new Answers.Answer(answer.getStatus(), body), ttl);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(Response.Status.SERVICE_UNAVAILABLE, "unavailable", "interrupted");
        }
    }
}
