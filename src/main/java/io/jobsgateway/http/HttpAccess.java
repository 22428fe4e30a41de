package io.jobsgateway.http;

import io.jobsgateway.access.Authentication;
import io.jobsgateway.access.Identity;
import io.jobsgateway.access.PresentedKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;

/** Who sends an HTTP request: the key of {@code Authorization: Bearer K} or {@code X-API-Key: K}. */
@ApplicationScoped
public class HttpAccess {

    @Inject
    Authentication authentication;

    @Inject
    PublishRate rate;

    /** The key's identity, counted against its rate: 401 without a valid key, 429 past the rate. */
    public Identity authenticate(HttpHeaders headers) {
        Identity who = PresentedKey.find(headers.getRequestHeaders(), Map.of())
                .flatMap(authentication::byKey)
                .orElseThrow(() -> ApiError.unauthorized(
                        "send a valid API key as Authorization: Bearer <key> or X-API-Key: <key>"));
        rate.admit(who);
        return who;
    }

    public Identity publisher(HttpHeaders headers) {
        Identity who = authenticate(headers);
        if (!who.canPublish()) {
            throw ApiError.forbidden("this API key lacks the publish scope");
        }
        return who;
    }
}
