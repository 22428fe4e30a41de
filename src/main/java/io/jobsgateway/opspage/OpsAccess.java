package io.jobsgateway.opspage;

import io.jobsgateway.access.ApiKeys;
import io.jobsgateway.access.Identity;
import io.jobsgateway.access.PresentedKey;
import io.jobsgateway.config.Settings;
import io.jobsgateway.http.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may read the operations data: an API key with the admin scope, as
 * {@code Authorization: Bearer K} or {@code X-API-Key: K} (never in the URL, where logs keep
 * it), or else a user logged in through container security in the role {@code jobs.ops.role}
 * names. A key decides alone when one is presented. A login needs no origin check here, unlike
 * a WebSocket's: a page of another site can make the browser send the cookies, but without
 * CORS headers it cannot read the answer.
 */
@ApplicationScoped
class OpsAccess {

    private static final List<String> KEY_HEADERS = List.of("Authorization", "X-API-Key");

    @Inject
    ApiKeys apiKeys;
    @Inject
    Settings settings;

    /** Why the request may not see the data (401 or 403), or empty when it may. */
    Optional<ApiError> refusal(HttpServletRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : KEY_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        Optional<String> key = PresentedKey.find(headers, Map.of());
        Optional<String> role = settings.operations().opsRole();
        if (key.isPresent()) {
            Optional<Identity> who = key.flatMap(apiKeys::authenticate);
            if (who.isEmpty()) {
                return Optional.of(ApiError.unauthorized("this API key is not valid"));
            }
            return who.get().isAdmin() ? Optional.empty()
                    : Optional.of(ApiError.forbidden("this API key lacks the admin scope, which the operations page needs"));
        }
        if (request.getUserPrincipal() == null) {
            return Optional.of(ApiError.unauthorized("send an API key with the admin scope as Authorization: Bearer <key>"
                    + " or X-API-Key: <key>" + role.map(r -> ", or log in as a user in role " + r).orElse("")));
        }
        if (role.isPresent() && request.isUserInRole(role.get())) {
            return Optional.empty();
        }
        return Optional.of(ApiError.forbidden(role.isPresent()
                ? "this login is not in role " + role.get() + " (jobs.ops.role); an API key with the admin scope is"
                : "a login sees the operations page only in the role jobs.ops.role names, and it is unset;"
                        + " send an API key with the admin scope"));
    }
}
